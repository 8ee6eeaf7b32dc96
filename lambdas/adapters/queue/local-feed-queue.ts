import type { FeedRef } from '../../core/story/story.js';
import { type FeedQueue, feedQueueKey } from './feed-queue.js';

export interface LocalFeedQueueOptions {
  /**
   * Renders a batch of feeds that begin together (as one SQS batch does on AWS), never a feed
   * twice at once. Resolves with one entry per feed: undefined when it rendered, else its error.
   */
  readonly render: (feeds: readonly FeedRef[]) => Promise<readonly unknown[]>;
  /** Feeds rendering at once (Lambda's concurrency on AWS); @default 16 */
  readonly concurrency?: number;
  /** Most feeds in one batch (the render Lambda's SQS batch size); @default 8 */
  readonly batchSize?: number;
  /** A render failed `attempts` times; the feed is dropped until it changes again. */
  readonly onError?: (error: unknown, feed: FeedRef) => void;
  /** Tries per render before giving up (SQS's maxReceiveCount on AWS); @default 3 */
  readonly attempts?: number;
  /** Waits before trying a failed render again; @default 100 ms doubled per try */
  readonly retryDelayMs?: number;
}

export interface LocalFeedQueue extends FeedQueue {
  /** Resolves once no feed is dirty or rendering. */
  settled(): Promise<void>;
  /** Takes no more work; resolves after the renders in flight. */
  stop(): Promise<void>;
}

interface FeedState {
  readonly feed: FeedRef;
  /** Waiting for a worker (a render will start, and will see every change so far). */
  queued: boolean;
  rendering: boolean;
  /** Changed since the render in flight started: render again after it. */
  dirty: boolean;
}

/**
 * Local mode's per-feed queue, with the semantics of the SQS FIFO queue on AWS: a feed is
 * rendered by one worker at a time; changes to a feed that is waiting are one render; a change
 * that arrives during a render marks the feed dirty, and it renders again once that render ends.
 */
export function createLocalFeedQueue(options: LocalFeedQueueOptions): LocalFeedQueue {
  const concurrency = options.concurrency ?? 16;
  const batchSize = options.batchSize ?? 8;
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const states = new Map<string, FeedState>();
  const runnable: FeedState[] = [];
  const idleWaiters: Array<() => void> = [];
  let active = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();

  const isIdle = () => active === 0 && runnable.length === 0;
  const wakeIdle = () => {
    if (!isIdle()) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  /** Renders a batch; a feed that failed is tried again on its own, up to `attempts` in all. */
  const renderWithRetries = async (feeds: readonly FeedRef[]) => {
    const errors = await options.render(feeds).catch((error) => feeds.map(() => error));
    await Promise.all(
      feeds.map(async (feed, i) => {
        let error = errors[i];
        for (let attempt = 1; error !== undefined; attempt++) {
          if (attempt >= attempts || stopped) return options.onError?.(error, feed);
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
          [error] = await options.render([feed]).catch((thrown) => [thrown]);
        }
      }),
    );
  };

  const pump = () => {
    while (!stopped && active < concurrency && runnable.length > 0) {
      const states = runnable.splice(0, Math.min(batchSize, concurrency - active));
      for (const state of states) {
        state.queued = false;
        state.rendering = true;
        state.dirty = false;
      }
      active += states.length;
      const work = renderWithRetries(states.map((state) => state.feed)).finally(() => {
        active -= states.length;
        inFlight.delete(work);
        for (const state of states) {
          state.rendering = false;
          if (state.dirty && !stopped) {
            state.queued = true;
            runnable.push(state);
          }
        }
        pump();
        wakeIdle();
      });
      inFlight.add(work);
    }
  };

  return {
    async enqueue(feeds) {
      if (stopped) return;
      for (const feed of feeds) {
        const key = feedQueueKey(feed);
        const state = states.get(key) ?? { feed, queued: false, rendering: false, dirty: false };
        states.set(key, state);
        if (state.rendering) state.dirty = true;
        else if (!state.queued) {
          state.queued = true;
          runnable.push(state);
        }
      }
      pump();
    },
    settled: () =>
      stopped || isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
    async stop() {
      stopped = true;
      runnable.length = 0;
      await Promise.all([...inFlight]);
      wakeIdle();
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}
