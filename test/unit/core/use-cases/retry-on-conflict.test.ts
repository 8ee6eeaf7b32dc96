import { describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  jitteredBackoff,
  retryOnConflict,
} from '../../../../lambdas/core/use-cases/retry-on-conflict.js';

class LostRace extends Error {}

const isLostRace = (error: unknown) => error instanceof LostRace;

/** An attempt that loses `losses` races, then answers how many races it had lost before. */
function losing(losses: number) {
  return vi.fn(async (retries: number) => {
    if (retries < losses) throw new LostRace(`lost race ${retries + 1}`);
    return retries;
  });
}

describe('retryOnConflict', () => {
  it('runs the attempt once, without pausing, when it wins', async () => {
    const attempt = losing(0);
    const pause = vi.fn(async () => {});
    await expect(retryOnConflict(attempt, { isLostRace, pause })).resolves.toBe(0);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(pause).not.toHaveBeenCalled();
  });

  it('retries lost races, telling each attempt how many were lost before it', async () => {
    const attempt = losing(3);
    const pause = vi.fn(async () => {});
    await expect(retryOnConflict(attempt, { isLostRace, pause })).resolves.toBe(3);
    expect(attempt.mock.calls.map(([retries]) => retries)).toEqual([0, 1, 2, 3]);
  });

  it('pauses between attempts with a growing attempt number', async () => {
    const pause = vi.fn(async (_attempt: number) => {});
    await retryOnConflict(losing(3), { isLostRace, pause });
    expect(pause.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
  });

  it('rethrows any other error at once', async () => {
    const failure = new Error('boom');
    const attempt = vi.fn(async () => {
      throw failure;
    });
    const pause = vi.fn(async () => {});
    await expect(retryOnConflict(attempt, { isLostRace, pause })).rejects.toBe(failure);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(pause).not.toHaveBeenCalled();
  });

  it('gives up after maxAttempts, rethrowing the last lost race', async () => {
    const attempt = losing(Number.POSITIVE_INFINITY);
    const pause = vi.fn(async () => {});
    const run = retryOnConflict(attempt, { isLostRace, pause, maxAttempts: 4 });
    await expect(run).rejects.toThrow('lost race 4');
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(pause).toHaveBeenCalledTimes(3);
  });

  it('tries 10 times by default', async () => {
    const attempt = losing(Number.POSITIVE_INFINITY);
    const run = retryOnConflict(attempt, { isLostRace, pause: async () => {} });
    await expect(run).rejects.toThrow('lost race 10');
    expect(attempt).toHaveBeenCalledTimes(10);
  });

  it('waits with the jittered backoff when no pause is given', async () => {
    const attempt = losing(1);
    await expect(retryOnConflict(attempt, { isLostRace })).resolves.toBe(1);
  });
});

describe('backoffDelay', () => {
  it('doubles its ceiling with each attempt from 5 ms, up to 200 ms', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 30].map((attempt) => backoffDelay(attempt, () => 1));
    expect(ceilings).toEqual([5, 10, 20, 40, 80, 160, 200, 200, 200]);
  });

  it('draws the delay evenly below the ceiling (full jitter)', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(10);
  });

  it('stays within 0 and the ceiling with Math.random', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(200, 5 * 2 ** (attempt - 1));
      for (let draw = 0; draw < 50; draw++) {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });
});

describe('jitteredBackoff', () => {
  it('resolves after a short wait', async () => {
    await expect(jitteredBackoff(1)).resolves.toBeUndefined();
  });
});
