import { describe, expect, it } from 'vitest';
import { createLocalFeedQueue } from '../../../../lambdas/adapters/queue/local-feed-queue.js';
import type { FeedRef } from '../../../../lambdas/core/story/story.js';
import { feedQueueContract } from './feed-queue-contract.js';

const wire = (region: string): FeedRef => ({ region, channel: 'wire' });

describe('createLocalFeedQueue', () => {
  feedQueueContract((render) => createLocalFeedQueue({ render, retryDelayMs: 1 }));

  it('renders different feeds side by side, up to its concurrency', async () => {
    let active = 0;
    let most = 0;
    const queue = createLocalFeedQueue({
      concurrency: 3,
      render: async () => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
      },
    });
    await queue.enqueue(['a', 'b', 'c', 'd', 'e', 'f'].map(wire));
    await queue.settled();
    expect(most).toBe(3);
  });

  it('tries a failed render again, then reports it and goes on with other feeds', async () => {
    const tries: string[] = [];
    const errors: string[] = [];
    const queue = createLocalFeedQueue({
      attempts: 2,
      retryDelayMs: 1,
      render: async (feed) => {
        tries.push(feed.region);
        if (feed.region === 'bad') throw new Error('S3 is down');
      },
      onError: (error, feed) => errors.push(`${feed.region}: ${(error as Error).message}`),
    });
    await queue.enqueue([wire('bad'), wire('good')]);
    await queue.settled();
    expect(tries.sort()).toEqual(['bad', 'bad', 'good']);
    expect(errors).toEqual(['bad: S3 is down']);
  });
});
