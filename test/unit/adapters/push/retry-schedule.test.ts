import { describe, expect, it } from 'vitest';
import {
  nextStep,
  RETRY_SCHEDULE,
  retryDelayMs,
} from '../../../../lambdas/adapters/push/retry-schedule.js';

const HOUR = 3_600_000;

describe('retry schedule', () => {
  it('waits 10 s after the first failure, doubling, never more than an hour', () => {
    const delays = [1, 2, 3, 4, 9, 10, 30].map((failed) => retryDelayMs(failed));

    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 2_560_000, HOUR, HOUR]);
  });

  it('keeps retrying for 24 hours (about 32 attempts), then parks', () => {
    let now = 0;
    let failed = 1;
    for (;;) {
      const step = nextStep({ failed, firstAttemptAt: 0, now });
      if (step === 'park') break;
      now += step.retryInMs;
      failed++;
    }

    expect(now).toBeGreaterThanOrEqual(RETRY_SCHEDULE.giveUpAfterMs);
    expect(now).toBeLessThan(RETRY_SCHEDULE.giveUpAfterMs + HOUR);
    expect(failed).toBe(33);
  });
});
