import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { FeedQueue } from '../../../../lambdas/adapters/queue/feed-queue.js';
import type { FeedRef } from '../../../../lambdas/core/story/story.js';

/** A queue under test, built around a render the contract controls. */
export interface QueueUnderTest extends FeedQueue {
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export type MakeQueue = (render: (feed: FeedRef) => Promise<void>) => QueueUnderTest;

const FEEDS: FeedRef[] = [
  { region: 'okanagan', channel: 'wire' },
  { region: 'okanagan', channel: 'local' },
  { region: 'shuswap', channel: 'wire' },
];
const key = (feed: FeedRef) => `${feed.region}/${feed.channel}`;

/** Lets the event loop run what is ready (renders started, promises chained). */
const drain = () => new Promise((resolve) => setImmediate(resolve));

/**
 * What every per-feed queue promises (the local one runs it; SQS FIFO gives the same by message
 * groups and a delivery delay of one deduplication window): one render of a feed at a time;
 * every change is covered by a render that started after it (nothing lost); changes to a feed
 * while it waits or renders are one more render, not one each (coalescing).
 */
export function feedQueueContract(make: MakeQueue): void {
  it('covers every change, renders a feed alone, and coalesces (any interleaving)', async () => {
    const step = fc.oneof(
      fc.record({ enqueue: fc.subarray([0, 1, 2], { minLength: 1 }) }),
      fc.record({ finish: fc.nat(2) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        let clock = 0;
        const running = new Map<string, Array<() => void>>();
        const startedAt = new Map<string, number[]>();
        const changedAt = new Map<string, number[]>();
        const queue = make(async (feed) => {
          const k = key(feed);
          expect(running.get(k)?.length ?? 0).toBe(0);
          startedAt.set(k, [...(startedAt.get(k) ?? []), ++clock]);
          await new Promise<void>((resolve) => running.set(k, [resolve]));
          running.set(k, []);
        });
        for (const s of steps) {
          if ('enqueue' in s) {
            const feeds = s.enqueue.map((i) => FEEDS[i] as FeedRef);
            for (const f of feeds)
              changedAt.set(key(f), [...(changedAt.get(key(f)) ?? []), ++clock]);
            await queue.enqueue(feeds);
          } else {
            running.get(key(FEEDS[s.finish] as FeedRef))?.[0]?.();
          }
          await drain();
        }
        // Let every render finish, including those the last changes started.
        for (let round = 0; round < 10; round++) {
          for (const resolvers of running.values()) resolvers[0]?.();
          await drain();
        }
        await queue.settled();
        for (const [k, changes] of changedAt) {
          const starts = startedAt.get(k) ?? [];
          const last = Math.max(...changes);
          expect(starts.some((start) => start > last)).toBe(true);
          expect(starts.length).toBeLessThanOrEqual(changes.length);
        }
        await queue.stop();
      }),
      { numRuns: 150 },
    );
  });

  it('renders changes that arrive during a render once more, however many they are', async () => {
    const renders: string[] = [];
    let release: () => void = () => undefined;
    const queue = make(async (feed) => {
      renders.push(key(feed));
      if (renders.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const feed = FEEDS[0] as FeedRef;
    await queue.enqueue([feed]);
    await drain();
    for (let i = 0; i < 5; i++) await queue.enqueue([feed]);
    release();
    await queue.settled();
    expect(renders).toEqual(['okanagan/wire', 'okanagan/wire']);
    await queue.stop();
  });
}
