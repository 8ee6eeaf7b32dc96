/** Waits before the next attempt; `attempt` is how many races were lost so far (1, 2, …). */
export type Pause = (attempt: number) => Promise<void>;

export interface RetryOnConflictOptions {
  /** Whether an error means another writer got there first, so a fresh attempt may succeed. */
  readonly isLostRace: (error: unknown) => boolean;
  /** Attempts in all, the first one included; @default 10 */
  readonly maxAttempts?: number;
  /** Waits between a lost race and the next attempt; @default jitteredBackoff */
  readonly pause?: Pause;
}

const DEFAULT_MAX_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 200;

/**
 * Runs a read-decide-write attempt until it does not lose a compare-and-swap race. Each attempt
 * must read afresh what it writes against (the attempt function does; this only repeats it), and
 * receives how many races were lost before it (0 on the first try), which the publishers report.
 * An error that is not a lost race, or the last lost race once `maxAttempts` tries are spent,
 * is rethrown as it is. The first attempt never waits, so a write without contention costs
 * nothing; between attempts `pause` spreads the losers out, so they do not collide again.
 */
export async function retryOnConflict<T>(
  attempt: (retries: number) => Promise<T>,
  options: RetryOnConflictOptions,
): Promise<T> {
  const { isLostRace, maxAttempts = DEFAULT_MAX_ATTEMPTS, pause = jitteredBackoff } = options;
  for (let retries = 0; ; retries++) {
    try {
      return await attempt(retries);
    } catch (error) {
      if (!isLostRace(error) || retries + 1 >= maxAttempts) throw error;
    }
    await pause(retries + 1);
  }
}

/**
 * Exponential backoff with full jitter: a delay drawn evenly from 0 up to 5 ms × 2^(attempt − 1),
 * capped at 200 ms. `random` returns a number in [0, 1), like Math.random.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return random() * ceiling;
}

/** The default pause: sleeps for a `backoffDelay`. The only timer and randomness here. */
export function jitteredBackoff(attempt: number): Promise<void> {
  const ms = backoffDelay(attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
