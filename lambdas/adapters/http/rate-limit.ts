import type { Clock } from '../../core/ports.js';
import { HttpError } from './http-error.js';

/** Requests per second a credential may keep up, and how many it may send at once. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Local mode's limit per scoped credential: the stage throttle of `POST /stories` on AWS. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 100 };

/**
 * A token bucket per credential name, in this process (local mode): each request takes a token;
 * tokens come back at `perSecond` up to `burst`. An empty bucket answers 429 with `Retry-After`
 * (whole seconds until a token is back), before the request costs anything more, so one
 * credential flooding cannot slow the others. The admin is not limited.
 */
export function createRateLimiter(limit: RateLimit, clock: Clock): (name: string) => void {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (name) => {
    const now = clock.now().getTime();
    const bucket = buckets.get(name) ?? { tokens: limit.burst, at: now };
    const refilled = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond,
    );
    if (refilled < 1) {
      buckets.set(name, { tokens: refilled, at: now });
      const seconds = Math.max(1, Math.ceil((1 - refilled) / limit.perSecond));
      throw new HttpError(
        429,
        'too_many_requests',
        `credential "${name}" sent more than ${limit.perSecond} requests/s (bursts of ${limit.burst}); retry after ${seconds} s`,
        { headers: { 'retry-after': String(seconds) } },
      );
    }
    buckets.set(name, { tokens: refilled - 1, at: now });
  };
}
