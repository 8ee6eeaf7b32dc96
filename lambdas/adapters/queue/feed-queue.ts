import type { FeedRef } from '../../core/story/story.js';

/**
 * Where changed feeds go to be rendered: each feed by one worker at a time, covering every
 * change enqueued before its render started. `enqueue` resolves once the feeds are durably
 * queued (SQS) or marked dirty (local mode); a rejection means none may have been.
 */
export interface FeedQueue {
  enqueue(feeds: readonly FeedRef[]): Promise<void>;
}

/** The message group (and, with a window, deduplication) key of a feed. */
export function feedQueueKey(feed: FeedRef): string {
  return `${feed.region}#${feed.channel}`;
}

/** The feed a queued message names; throws on anything else (a poison message fails loudly). */
export function parseFeedMessage(body: string): FeedRef {
  const value = JSON.parse(body) as Partial<FeedRef>;
  if (typeof value.region !== 'string' || (value.channel !== 'local' && value.channel !== 'wire')) {
    throw new Error(`not a feed message: ${body.slice(0, 200)}`);
  }
  return { region: value.region, channel: value.channel };
}
