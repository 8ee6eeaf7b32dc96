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
  /** When it last began to wait (performance.now()). */
  queuedAt: number;
  /** What a render of it takes, in ms (a moving average); unknown until it has rendered. */
  cost?: number;
}

/** The cost assumed of a feed that has not rendered yet, in ms. */
const UNKNOWN_COST = 20;

/**
 * Which waiting feeds go next: highest response ratio first ((waited + cost) / cost), so a cheap
 * feed (a region's teasers) waits behind few expensive ones (150 full wire feeds after a `*`
 * story) while every feed's priority grows as it waits (none starves). On AWS the render Lambda
 * runs up to 50 batches at once and a small feed never queues behind big ones; one local thread
 * gets closest to that this way. Among feeds alike, first come first served.
 */
function takeNext(runnable: FeedState[], count: number, now: number): FeedState[] {
  if (runnable.length <= count) return runnable.splice(0);
  const ratio = (state: FeedState) => {
    const cost = state.cost ?? UNKNOWN_COST;
    return (now - state.queuedAt + cost) / cost;
  };
  const chosen = new Set(
    runnable
      .map((state, order) => ({ state, order, ratio: ratio(state) }))
      .sort((a, b) => b.ratio - a.ratio || a.order - b.order)
      .slice(0, count)
      .map(({ state }) => state),
  );
  const next = runnable.filter((state) => chosen.has(state));
  const rest = runnable.filter((state) => !chosen.has(state));
  runnable.splice(0, runnable.length, ...rest);
  return next;
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
      const started = performance.now();
      const states = takeNext(runnable, Math.min(batchSize, concurrency - active), started);
      for (const state of states) {
        state.queued = false;
        state.rendering = true;
        state.dirty = false;
      }
      active += states.length;
      const work = renderWithRetries(states.map((state) => state.feed)).finally(() => {
        active -= states.length;
        inFlight.delete(work);
        const now = performance.now();
        // Each feed's share of its batch's time: batches gather feeds alike (cost orders them).
        const each = (now - started) / states.length;
        for (const state of states) {
          state.rendering = false;
          state.cost = state.cost === undefined ? each : 0.7 * state.cost + 0.3 * each;
          if (state.dirty && !stopped) {
            state.queued = true;
            state.queuedAt = now;
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
        const state = states.get(key) ?? {
          ...{ feed, queued: false, rendering: false, dirty: false },
          queuedAt: 0,
        };
        states.set(key, state);
        if (state.rendering) state.dirty = true;
        else if (!state.queued) {
          state.queued = true;
          state.queuedAt = performance.now();
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
