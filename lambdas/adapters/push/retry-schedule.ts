/**
 * When a failed delivery is tried again: after `firstDelayMs`, doubling, at most `maxDelayMs`
 * apart, until `giveUpAfterMs` have passed since the first attempt; the next failure after that
 * parks it (an alarm on AWS, an error log line and the partner's `parked` count everywhere).
 * The same schedule runs on AWS (SQS visibility) and locally (timers); tests shorten it.
 */
export interface RetrySchedule {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly giveUpAfterMs: number;
}

/** 10 s, 20 s, 40 s, … at most an hour apart, for 24 hours: about 32 attempts. */
export const RETRY_SCHEDULE: RetrySchedule = {
  firstDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  giveUpAfterMs: 86_400_000,
};

/** The wait before attempt `failed + 1`, after `failed` failures (1 = the first attempt failed). */
export function retryDelayMs(failed: number, schedule: RetrySchedule = RETRY_SCHEDULE): number {
  const exponent = Math.min(Math.max(failed - 1, 0), 40);
  return Math.min(schedule.firstDelayMs * 2 ** exponent, schedule.maxDelayMs);
}

/** After a failure at `now`: wait and try again, or park once the retry period is over. */
export function nextStep(
  input: { readonly failed: number; readonly firstAttemptAt: number; readonly now: number },
  schedule: RetrySchedule = RETRY_SCHEDULE,
): { readonly retryInMs: number } | 'park' {
  if (input.now - input.firstAttemptAt >= schedule.giveUpAfterMs) return 'park';
  return { retryInMs: retryDelayMs(input.failed, schedule) };
}
