import type { FeedRef } from '../../core/story/story.js';
import { type FeedQueue, feedQueueKey } from './feed-queue.js';

export interface LocalFeedQueueOptions {
  /** Renders one feed; never called twice at once for the same feed. */
  readonly render: (feed: FeedRef) => Promise<void>;
  /** Feeds rendering at once (Lambda's concurrency on AWS); @default 8 */
  readonly concurrency?: number;
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
  const concurrency = options.concurrency ?? 8;
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

  const renderWithRetries = async (feed: FeedRef) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await options.render(feed);
      } catch (error) {
        if (attempt >= attempts || stopped) {
          options.onError?.(error, feed);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  };

  const pump = () => {
    while (!stopped && active < concurrency && runnable.length > 0) {
      const state = runnable.shift() as FeedState;
      state.queued = false;
      state.rendering = true;
      state.dirty = false;
      active++;
      const work = renderWithRetries(state.feed).finally(() => {
        active--;
        state.rendering = false;
        inFlight.delete(work);
        if (state.dirty && !stopped) {
          state.queued = true;
          runnable.push(state);
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
