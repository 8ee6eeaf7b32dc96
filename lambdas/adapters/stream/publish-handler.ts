import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { PublishDeps } from '../../core/use-cases/publish-deps.js';
import type { PublishReport } from '../../core/use-cases/publish-feeds.js';
import type { StoryItem } from '../dynamodb/story-item.js';
import type { Log } from '../http/ingest-handler.js';
import { METRIC } from '../observability/metric-names.js';
import { type MetricSink, noMetrics } from '../observability/metric-sink.js';
import type { FeedQueue } from '../queue/feed-queue.js';
import type { HubNotifier } from '../websub/websub-notifier.js';
import {
  affectedFeeds,
  affectedStories,
  archivableStories,
  streamedStoryItems,
  type TriggeringWrite,
  triggeringWrites,
} from './affected-feeds.js';

/** What invokes the publisher: the table's stream, the minute sweep, or a full rebuild. */
export type PublishEvent =
  | DynamoDBStreamEvent
  /** `sitemaps: false`: the due changes only, not the sitemap files (@default true). */
  | { readonly source: 'dateline.sweep'; readonly sitemaps?: boolean }
  | { readonly source: 'dateline.rebuild' };

export interface PublishHandlerDeps extends PublishDeps {
  readonly log: Log;
  readonly notifyHub?: HubNotifier;
  /** Feeds rendered, files written, retries, render time, lag, failures; @default none */
  readonly metrics?: MetricSink;
  /**
   * Given the story items a stream batch carries in its new images, before it is published (the
   * story store keeps them, so the publish does not read them back); @default ignored
   */
  readonly rememberStories?: (items: readonly StoryItem[]) => void;
  /**
   * The per-feed queue: stream batches and sweeps hand it their feeds (one worker per feed
   * renders them) and publish only story pages and archive pages themselves. @default none:
   * feeds render in this invocation
   */
  readonly feedQueue?: FeedQueue;
}

/** How many triggering writes a log line names (a batch holds up to 100). */
const LOGGED_WRITES = 20;

/**
 * The publish Lambda. A failure is thrown, so Lambda bisects the batch, retries, and finally
 * sends it to the dead letter queue; a render never half-applies, because every file is a
 * compare-and-swap of a complete document. Made once per execution environment, it keeps one
 * renderer, so a warm publisher writes only the items of story revisions it has not seen.
 */
export function createPublishHandler(handlerDeps: PublishHandlerDeps) {
  // One renderer for the life of the execution environment: items outlive each batch. It is made
  // on the first invocation, with the renderers it brings, not at cold start.
  const metrics = handlerDeps.metrics ?? noMetrics;
  const queue = handlerDeps.feedQueue;
  const queued: PublishHandlerDeps = queue
    ? {
        ...handlerDeps,
        dispatchFeeds: async (feeds) => {
          await queue.enqueue(feeds);
          metrics.add(METRIC.feedsQueued, feeds.length);
        },
      }
    : handlerDeps;
  let withRenderer: PublishHandlerDeps | undefined = queued.renderer ? queued : undefined;
  return async (event: PublishEvent): Promise<PublishReport> => {
    const started = Date.now();
    if (!withRenderer) {
      const { createFeedRenderer } = await import('../../core/formats/feed-renderer.js');
      withRenderer = { ...queued, renderer: createFeedRenderer() };
    }
    const deps = withRenderer;
    const kind = 'Records' in event ? 'stream' : event.source;
    const writes = 'Records' in event ? triggeringWrites(event) : [];
    if ('Records' in event) deps.rememberStories?.(streamedStoryItems(event));
    try {
      const report = await publish(deps, event, writes);
      if (report.changedKeys.length > 0 && deps.notifyHub) {
        await deps.notifyHub(
          report.changedKeys.map((key) => new URL(key, `${deps.feedBaseUrl}/`).href),
        );
      }
      const ms = Date.now() - started;
      recordReport(metrics, report, ms, lagOf(writes, Date.now()));
      if (kind === 'dateline.sweep') metrics.add(METRIC.sweepsCompleted, 1);
      if (report.feeds > 0) {
        deps.log.info('feeds published', {
          kind,
          ...report,
          changedKeys: undefined,
          storyIds: undefined,
          ms,
          stories: writes.slice(0, LOGGED_WRITES).map(logFieldsOf),
        });
      }
      return report;
    } catch (error) {
      metrics.add(kind === 'dateline.sweep' ? METRIC.sweepFailures : METRIC.publishFailures, 1);
      deps.log.error('publish failed', { kind, error, stories: writes.slice(0, LOGGED_WRITES) });
      throw error;
    }
  };
}

/**
 * The use cases, with the renderers and the sanitiser they bring, load on the first invocation
 * rather than at cold start (the init the bench measures stays close to the SDK clients' own).
 */
async function publish(
  deps: PublishHandlerDeps,
  event: PublishEvent,
  writes: readonly TriggeringWrite[],
): Promise<PublishReport> {
  if ('Records' in event) {
    const { publishChanges } = await import('../../core/use-cases/publish-changes.js');
    const changes = {
      feeds: affectedFeeds(event),
      storyIds: affectedStories(event),
      archivable: archivableStories(event),
    };
    return publishChanges(deps, changes, { takes: writes });
  }
  if (event.source === 'dateline.sweep') {
    const { sweepDue } = await import('../../core/use-cases/sweep-due.js');
    return sweepDue(deps, { sitemaps: event.sitemaps ?? true });
  }
  const { rebuildAll } = await import('../../core/use-cases/rebuild-all.js');
  return rebuildAll(deps);
}

function recordReport(metrics: MetricSink, report: PublishReport, ms: number, lag?: number) {
  metrics.add(METRIC.feedsRendered, report.feeds);
  metrics.add(METRIC.filesWritten, report.written);
  metrics.add(METRIC.casRetries, report.retries);
  metrics.add(METRIC.staleReads, report.staleReads);
  metrics.add(METRIC.renderMs, ms, 'Milliseconds');
  if (lag !== undefined) metrics.add(METRIC.ingestToPublishLagMs, lag, 'Milliseconds');
}

/** From the oldest triggering write (an arrival or a kill) to now: how far feeds trail. */
function lagOf(writes: readonly TriggeringWrite[], now: number): number | undefined {
  const arrivals = writes
    .map((w) => Date.parse(w.killedAt ?? w.receivedAt))
    .filter(Number.isFinite);
  return arrivals.length > 0 ? Math.max(0, now - Math.min(...arrivals)) : undefined;
}

function logFieldsOf(write: TriggeringWrite) {
  return {
    storyId: write.id,
    version: write.version,
    revision: write.revision,
    receivedAt: write.receivedAt,
    killed: write.killedAt !== undefined,
  };
}
