import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { STORY_SK } from '../adapters/dynamodb/story-item.js';
import type { Log } from '../adapters/http/ingest-handler.js';
import type { MetricSink } from '../adapters/observability/metric-sink.js';
import { createLocalPartnerPush } from '../adapters/push/local-partner-push.js';
import type { RetrySchedule } from '../adapters/push/retry-schedule.js';
import { createFeedRender } from '../adapters/queue/feed-render-handler.js';
import { createLocalFeedQueue } from '../adapters/queue/local-feed-queue.js';
import { createPublishHandler } from '../adapters/stream/publish-handler.js';
import { createWebSubNotifier } from '../adapters/websub/websub-notifier.js';
import type { Clock, FeedStore, PartnerStore } from '../core/ports.js';
import type { SiteConfig } from '../core/site-config.js';
import { startBatch } from '../core/use-cases/render-batch.js';
import { createStreamPoller } from './stream-poller.js';
import { createSweepTimer } from './sweep-timer.js';

export interface LocalPublisherOptions {
  readonly endpoint: string;
  readonly streamArn: string;
  readonly stories: DynamoDbStoryStore;
  readonly feeds: FeedStore;
  readonly site: SiteConfig;
  readonly clock: Clock;
  readonly feedBaseUrl: string;
  readonly log: Log;
  readonly metrics?: MetricSink;
  /** How often embargo lifts and expiries are checked. */
  readonly sweepIntervalMs: number;
  /** How often a sweep also writes the changed days' sitemap files (every sweep on AWS). */
  readonly sitemapIntervalMs: number;
  /** Whether the app is stopping (failures then are expected, not logged). */
  readonly stopping: () => boolean;
  /** Push partners: each render's item changes are sent to them, signed (in process). */
  readonly partners?: PartnerStore;
  /** Partner push retries; @default RETRY_SCHEDULE (10 s doubling, 1 h apart at most, 24 h) */
  readonly pushSchedule?: RetrySchedule;
}

export interface LocalPublisher {
  /** A full rebuild: every feed, view, archive page, story page, directory and OPML. */
  rebuild(): Promise<void>;
  /** Reads the stream now, not after the poller's idle pause (a write just happened). */
  wake(): void;
  /** Resolves once every change made so far has been published. */
  settled(): Promise<void>;
  /** Runs the minute sweep now (due changes, then the sitemap files) and waits for it. */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

const REGION = 'local';

/**
 * Local mode's publisher, as on AWS: the stream's records go to the publish handler, which hands
 * feeds to the per-feed queue (SQS FIFO and the render Lambda on AWS: one worker per feed); a
 * timer stands in for the minute sweep. It renders every feed once before it starts polling.
 */
export async function startLocalPublisher(options: LocalPublisherOptions): Promise<LocalPublisher> {
  const { stories, feeds, clock, site, log, metrics, stopping } = options;
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const hub = site.websubHub;
    const notifyHub = hub
      ? createWebSubNotifier(hub, (feed, reason) =>
          log.warn('WebSub ping failed', { feed, reason }),
        )
      : undefined;
    const feedBaseUrl = options.feedBaseUrl;
    // Signed partner push, in process (an SQS queue and a sender Lambda on AWS).
    const partners = options.partners;
    const push =
      partners &&
      createLocalPartnerPush({
        ...{ partners, clock, log, schedule: options.pushSchedule },
        feedBaseUrl: () => feedBaseUrl,
      });
    if (push) cleanups.push(() => push.stop());
    const publishing = {
      ...{ stories, feeds, clock, site, feedBaseUrl, log, notifyHub, metrics },
      notifyPartners: push?.notify,
      partnersFollow: push?.follows,
    };
    const renderFeed = createFeedRender(publishing);
    const feedQueue = createLocalFeedQueue({
      // A batch's renders begin together and read what they share once (as on AWS).
      render: (batch) => {
        const shared = startBatch(publishing);
        return Promise.all(
          batch.map((feed) =>
            renderFeed(feed, { batch: shared }).then(
              () => undefined,
              (error: unknown) => error ?? new Error(`rendering ${feed.region}/${feed.channel}`),
            ),
          ),
        );
      },
      onError: (error, feed) => {
        if (!stopping()) log.error('feed render failed after retries', { feed, error });
      },
    });
    cleanups.push(() => feedQueue.stop());
    const publish = createPublishHandler({
      ...publishing,
      rememberStories: (items) => stories.remember(items),
      feedQueue,
    });
    await publish({ source: 'dateline.rebuild' });

    const streams = new DynamoDBStreamsClient({
      region: REGION,
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
    });
    cleanups.push(async () => streams.destroy());
    const poller = createStreamPoller({
      streams,
      streamArn: options.streamArn,
      handler: async (event) => void (await publish(event)),
      // The stack's event source mapping passes story items only (lib/constructs/story-stream.ts).
      filter: (record) => record.dynamodb?.Keys?.sk?.S === STORY_SK,
      onError: (error) => {
        if (!stopping()) log.error('stream batch failed after retries', { error });
      },
    });
    await poller.start();
    cleanups.push(() => poller.stop());
    // The rebuild above wrote every sitemap: the first sweep that writes them is an interval on.
    let sitemapsAt = Date.now();
    const sweeper = createSweepTimer(
      async () => {
        const sitemaps = Date.now() - sitemapsAt >= options.sitemapIntervalMs;
        if (sitemaps) sitemapsAt = Date.now();
        await publish({ source: 'dateline.sweep', sitemaps });
      },
      {
        intervalMs: options.sweepIntervalMs,
        onError: (error) => {
          if (!stopping()) log.error('sweep failed', { error });
        },
      },
    );
    cleanups.push(() => sweeper.stop());
    return {
      rebuild: async () => void (await publish({ source: 'dateline.rebuild' })),
      wake: () => poller.wake(),
      settled: async () => {
        await poller.settled();
        await feedQueue.settled();
        await sweeper.settled();
        await feedQueue.settled();
      },
      sweep: () => {
        sitemapsAt = Number.NEGATIVE_INFINITY;
        return sweeper.now();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
