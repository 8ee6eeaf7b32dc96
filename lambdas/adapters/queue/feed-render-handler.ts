import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { FeedRef } from '../../core/story/story.js';
import type { PublishDeps } from '../../core/use-cases/publish-deps.js';
import type { PublishReport } from '../../core/use-cases/publish-feeds.js';
import { type Batch, startBatch } from '../../core/use-cases/render-batch.js';
import type { Log } from '../http/ingest-handler.js';
import { METRIC } from '../observability/metric-names.js';
import { type MetricSink, noMetrics } from '../observability/metric-sink.js';
import type { PartnerNotifier } from '../push/partner-notifier.js';
import type { HubNotifier } from '../websub/websub-notifier.js';
import { feedQueueKey, parseFeedMessage } from './feed-queue.js';

export interface FeedRenderDeps extends PublishDeps {
  readonly log: Log;
  readonly notifyHub?: HubNotifier;
  readonly metrics?: MetricSink;
  /** Told which items each render changed (signed partner push); @default none */
  readonly notifyPartners?: PartnerNotifier;
  /**
   * Whether a partner follows a feed: only then does a render read the JSON Feed it replaces to
   * tell what changed (the renders of one batch may share one read of the partners).
   * @default every feed (on AWS the render function cannot read partners)
   */
  readonly partnersFollow?: (feed: FeedRef, batch?: Batch) => Promise<boolean>;
}

/**
 * Renders one feed (all its formats, its view, the archive pages it fills) as it is now, then
 * pings the WebSub hub for the files that changed. Made once per execution environment, it
 * keeps one renderer, so a warm worker writes only the items of revisions it has not seen.
 * `verify` checks the live files against the store rather than the feed's record (see
 * publishFeeds): for a render that may follow one that died between its writes and its record.
 */
export function createFeedRender(handlerDeps: FeedRenderDeps) {
  let withRenderer: FeedRenderDeps | undefined = handlerDeps.renderer ? handlerDeps : undefined;
  const metrics = handlerDeps.metrics ?? noMetrics;
  return async (
    feed: FeedRef,
    options: { verify?: boolean; batch?: Batch } = {},
  ): Promise<PublishReport> => {
    const started = Date.now();
    if (!withRenderer) {
      const { createFeedRenderer } = await import('../../core/formats/feed-renderer.js');
      withRenderer = { ...handlerDeps, renderer: createFeedRenderer() };
    }
    const deps = withRenderer;
    const { publishFeeds } = await import('../../core/use-cases/publish-feeds.js');
    try {
      const report = await publishFeeds(deps, [feed], {
        verify: options.verify,
        batch: options.batch,
        itemChanges:
          deps.notifyPartners !== undefined && (await followed(deps, feed, options.batch)),
      });
      await notifyPartners(deps, report);
      if (report.changedKeys.length > 0 && deps.notifyHub) {
        await deps.notifyHub(
          report.changedKeys.map((key) => new URL(key, `${deps.feedBaseUrl}/`).href),
        );
      }
      metrics.add(METRIC.feedsRendered, report.feeds);
      metrics.add(METRIC.filesWritten, report.written);
      metrics.add(METRIC.casRetries, report.retries);
      metrics.add(METRIC.staleReads, report.staleReads);
      metrics.add(METRIC.feedRenderMs, Date.now() - started, 'Milliseconds');
      return report;
    } catch (error) {
      metrics.add(METRIC.feedRenderFailures, 1);
      deps.log.error('feed render failed', { feed: feedQueueKey(feed), error });
      throw error;
    }
  };
}

async function followed(deps: FeedRenderDeps, feed: FeedRef, batch?: Batch): Promise<boolean> {
  return deps.partnersFollow ? deps.partnersFollow(feed, batch) : true;
}

/** Partner push: the feed is written either way, so a failure to queue is logged, not thrown. */
async function notifyPartners(deps: FeedRenderDeps, report: PublishReport): Promise<void> {
  for (const change of report.itemChanges ?? []) {
    try {
      await deps.notifyPartners?.(change);
    } catch (error) {
      deps.log.error('partner notification not queued', { feed: feedQueueKey(change.feed), error });
    }
  }
}

/**
 * The render Lambda, fed by the per-feed FIFO queue: each distinct feed of the batch renders
 * once (several messages of one group are one render), and only the messages of feeds that
 * failed are returned for a retry (`ReportBatchItemFailures`); the others are deleted. A message
 * received before (its render failed, or its invocation timed out, perhaps after writing files
 * and before recording them) renders its feed with `verify`.
 */
export function createFeedRenderHandler(deps: FeedRenderDeps) {
  const render = createFeedRender(deps);
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const byFeed = new Map<string, { feed: FeedRef; ids: string[]; verify: boolean }>();
    const failures: string[] = [];
    for (const record of event.Records) {
      let feed: FeedRef;
      try {
        feed = parseFeedMessage(record.body);
      } catch (error) {
        deps.log.error('unreadable feed message', { messageId: record.messageId, error });
        failures.push(record.messageId);
        continue;
      }
      const key = feedQueueKey(feed);
      const entry = byFeed.get(key) ?? { feed, ids: [], verify: false };
      entry.ids.push(record.messageId);
      entry.verify ||= Number(record.attributes?.ApproximateReceiveCount ?? 1) > 1;
      byFeed.set(key, entry);
    }
    const groups = [...byFeed.values()];
    // One batch: the feeds' renders begin together and read what they share once.
    const batch = startBatch(deps);
    const outcomes = await Promise.allSettled(
      groups.map(({ feed, verify }) => render(feed, { verify, batch })),
    );
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') failures.push(...(groups[i]?.ids ?? []));
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
