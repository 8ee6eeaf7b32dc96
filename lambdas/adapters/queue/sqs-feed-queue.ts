import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Clock } from '../../core/ports.js';
import type { FeedRef } from '../../core/story/story.js';
import { type FeedQueue, feedQueueKey } from './feed-queue.js';

export interface SqsFeedQueueOptions {
  readonly client: SQSClient;
  /** A FIFO queue whose delivery delay is at least `windowMs` (lib/constructs/feed-queue.ts). */
  readonly queueUrl: string;
  readonly clock: Clock;
  /** Changes to one feed within one window are one message; @default 1000 */
  readonly windowMs?: number;
}

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;

/**
 * The per-feed queue on SQS FIFO. The deduplication id names the feed and the window the send
 * falls in; the queue delays delivery by the window's length, so the first message of a window
 * is delivered, and its render starts, only after the window has closed: every change that was
 * deduplicated into it happened before the render read the table. SQS keeps a deduplication id
 * for 5 minutes, far longer than a window, and one group is consumed by one invocation at a time.
 */
export class SqsFeedQueue implements FeedQueue {
  readonly #options: SqsFeedQueueOptions;

  constructor(options: SqsFeedQueueOptions) {
    this.#options = options;
  }

  async enqueue(feeds: readonly FeedRef[]): Promise<void> {
    const entries = feedMessages(feeds, this.#options.clock.now(), this.#options.windowMs);
    for (let i = 0; i < entries.length; i += BATCH) {
      const output = await this.#options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#options.queueUrl,
          Entries: entries.slice(i, i + BATCH),
        }),
      );
      const failed = output.Failed ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new Error(
          `SQS refused ${failed.length} feed message(s): ${first?.Code} ${first?.Message ?? ''}`,
        );
      }
    }
  }
}

/** One entry per distinct feed, keyed for its group and window. */
export function feedMessages(
  feeds: readonly FeedRef[],
  now: Date,
  windowMs = 1000,
): SendMessageBatchRequestEntry[] {
  const window = Math.floor(now.getTime() / windowMs);
  const distinct = new Map(feeds.map((feed) => [feedQueueKey(feed), feed]));
  return [...distinct].map(([key, feed], index) => ({
    Id: String(index % BATCH),
    MessageBody: JSON.stringify({ region: feed.region, channel: feed.channel }),
    MessageGroupId: key,
    MessageDeduplicationId: `${key}#${window}`,
  }));
}
