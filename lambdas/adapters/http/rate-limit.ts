import { hashSecret, parseToken } from '../../core/credentials/credential.js';
import type { Clock } from '../../core/ports.js';
import type { Authenticator } from './authenticate.js';
import { HttpError } from './http-error.js';

/** Requests per second a credential may keep up, and how many it may send at once. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Each scoped credential's limit, locally and on AWS (DynamoDbRateLimiter): far above what a
 * desk posts one story at a time, and a small share of what the publisher keeps up with, so one
 * credential past it cannot crowd out the others. Bursts of stories go as batches
 * (`POST /stories/batch`, up to 100 stories a request). It was 50/s with bursts of 100, then
 * bursts of 20. Once refused requests counted too, a flood's burst (taken at once at each
 * flood's start) was most of what it still cost the others: in the fairness bench the quiet
 * desks' p90 rose 1.28x beside the flood with bursts of 20, 1.21x with 10, 1.13x with 5 (36 s
 * of alternating phases each).
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 10, burst: 5 };

/**
 * A token bucket per credential name, in this process (local mode): each request takes a token,
 * a refused one too; tokens come back at `perSecond` up to `burst`. An empty bucket answers 429
 * with `Retry-After` (whole seconds until a token is back), before the request costs anything
 * more. Refused requests run the bucket into debt, down to one second's worth: a sender that
 * waits as `Retry-After` asks gets through, and one that keeps sending past the limit is refused
 * until it slows below it (before, a flood at 50/s still had 10 stories a second accepted, and
 * those doubled the machine's load). The admin is not limited.
 */
export function createRateLimiter(limit: RateLimit, clock: Clock): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refilled = (name: string, now: number) => {
    const bucket = buckets.get(name) ?? { tokens: limit.burst, at: now };
    return Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
  };
  /** Counts a request (refused or not) and throws the 429 if the bucket had no token for it. */
  const spend = (name: string, now: number, tokens: number) => {
    const left = Math.max(-limit.perSecond, tokens - 1);
    buckets.set(name, { tokens: left, at: now });
    if (tokens >= 1) return;
    const seconds = Math.max(1, Math.ceil((1 - left) / limit.perSecond));
    throw new HttpError(
      429,
      'too_many_requests',
      `credential "${name}" sent more than ${limit.perSecond} requests/s (bursts of ${limit.burst}); retry after ${seconds} s (requests sent before then are refused and counted)`,
      { headers: { 'retry-after': String(seconds) } },
    );
  };
  return {
    take(name) {
      const now = clock.now().getTime();
      spend(name, now, refilled(name, now));
    },
    refuseIfEmpty(name) {
      const now = clock.now().getTime();
      const tokens = refilled(name, now);
      if (tokens < 1) spend(name, now, tokens);
    },
  };
}

export interface RateLimiter {
  /** Takes a token of `name`'s bucket, or counts the request and throws the 429 when it is empty. */
  take(name: string): void;
  /** When `name`'s bucket is empty, counts the request and throws the 429; else takes nothing. */
  refuseIfEmpty(name: string): void;
}

/**
 * `authenticate`, with each scoped credential limited to `limit` (the admin never is). A token
 * counts once it has authenticated. While a credential's bucket is empty, its requests bearing
 * the very token that last authenticated under its name are refused before the credential is
 * looked up, so a flood past the limit costs the store nothing; any other token (a guess at the
 * name, a rotated secret) is looked up as always and never drains a bucket, so nobody can
 * exhaust another's limit, and a request that gets through is always checked against the store
 * (a revoked credential is refused at once, with 429 while it floods and 401 after).
 */
export function limitCredentials(authenticate: Authenticator, limiter: RateLimiter): Authenticator {
  /** Per credential name, the hash of the secret that last authenticated under it. */
  const verified = new Map<string, string>();
  return async (bearer) => {
    const claimed = parseToken(bearer);
    const hash = claimed && hashSecret(claimed.secret);
    if (claimed && verified.get(claimed.name) === hash) limiter.refuseIfEmpty(claimed.name);
    const result = await authenticate(bearer);
    if (!result.ok || result.principal.admin) {
      if (claimed && verified.get(claimed.name) === hash) verified.delete(claimed.name);
      return result;
    }
    if (claimed && hash) verified.set(claimed.name, hash);
    limiter.take(result.principal.name);
    return result;
  };
}
