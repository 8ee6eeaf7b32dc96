import { describe, expect, it } from 'vitest';
import { createLocalFeedQueue } from '../../../../lambdas/adapters/queue/local-feed-queue.js';
import type { FeedRef } from '../../../../lambdas/core/story/story.js';
import { feedQueueContract } from './feed-queue-contract.js';

const wire = (region: string): FeedRef => ({ region, channel: 'wire' });

/** A batch render from a render of one feed: one entry per feed, undefined or its error. */
const eachOf =
  (render: (feed: FeedRef) => Promise<void>) =>
  (feeds: readonly FeedRef[]): Promise<unknown[]> =>
    Promise.all(
      feeds.map((feed) =>
        render(feed).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );

describe('createLocalFeedQueue', () => {
  describe('one feed a batch', () => {
    feedQueueContract((render) =>
      createLocalFeedQueue({ render: eachOf(render), batchSize: 1, retryDelayMs: 1 }),
    );
  });

  describe('feeds in batches', () => {
    feedQueueContract((render) =>
      createLocalFeedQueue({ render: eachOf(render), batchSize: 2, retryDelayMs: 1 }),
    );
  });

  it('hands waiting feeds over in batches of at most batchSize, up to its concurrency', async () => {
    const batches: string[][] = [];
    const queue = createLocalFeedQueue({
      concurrency: 5,
      batchSize: 2,
      render: async (feeds) => {
        batches.push(feeds.map((feed) => feed.region));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return feeds.map(() => undefined);
      },
    });
    await queue.enqueue(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(wire));
    await queue.settled();
    // Five at once: two batches of two and one of one, then the two left.
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['f', 'g']]);
  });

  it('renders different feeds side by side, up to its concurrency', async () => {
    let active = 0;
    let most = 0;
    const queue = createLocalFeedQueue({
      concurrency: 3,
      batchSize: 1,
      render: eachOf(async () => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
      }),
    });
    await queue.enqueue(['a', 'b', 'c', 'd', 'e', 'f'].map(wire));
    await queue.settled();
    expect(most).toBe(3);
  });

  it('tries a failed feed of a batch again on its own, then reports it; the others render once', async () => {
    const tries: string[] = [];
    const errors: string[] = [];
    const queue = createLocalFeedQueue({
      attempts: 2,
      retryDelayMs: 1,
      render: eachOf(async (feed) => {
        tries.push(feed.region);
        if (feed.region === 'bad') throw new Error('S3 is down');
      }),
      onError: (error, feed) => errors.push(`${feed.region}: ${(error as Error).message}`),
    });
    await queue.enqueue([wire('bad'), wire('good')]);
    await queue.settled();
    expect(tries.sort()).toEqual(['bad', 'bad', 'good']);
    expect(errors).toEqual(['bad: S3 is down']);
  });
});
