import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../../../../lambdas/adapters/http/authenticate.js';
import { HttpError } from '../../../../lambdas/adapters/http/http-error.js';
import {
  createRateLimiter,
  limitCredentials,
} from '../../../../lambdas/adapters/http/rate-limit.js';

const NOW = new Date('2026-12-06T04:00:00.000Z');
const SECRET = 'a'.repeat(43);
const OTHER = 'b'.repeat(43);

/** An authenticator that knows one credential, `desk.<SECRET>`, and counts its lookups. */
function deskStore() {
  const state = { lookups: 0, revoked: false };
  const authenticate: Authenticator = async (token) => {
    state.lookups++;
    return token === `desk.${SECRET}` && !state.revoked
      ? {
          ok: true,
          principal: {
            admin: false,
            name: 'desk',
            channels: ['local'],
            regions: ['okanagan'],
          } as never,
        }
      : { ok: false, reason: 'the bearer token is not a valid credential' };
  };
  return { state, authenticate };
}

async function status(auth: Authenticator, token: string): Promise<number> {
  try {
    return (await auth(token)).ok ? 200 : 401;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe('per-credential limit in front of the credential store', () => {
  const clock = { now: () => NOW };

  it('refuses a flood past the limit without looking the credential up again', async () => {
    const { state, authenticate } = deskStore();
    const auth = limitCredentials(
      authenticate,
      createRateLimiter({ perSecond: 1, burst: 3 }, clock),
    );
    const answers: number[] = [];
    for (let i = 0; i < 10; i++) answers.push(await status(auth, `desk.${SECRET}`));
    expect(answers).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    // Only the three that got through were looked up (before, every one of the ten was).
    expect(state.lookups).toBe(3);
  });

  it('looks up any other token under that name, and such guesses never drain the bucket', async () => {
    const { state, authenticate } = deskStore();
    const limiter = createRateLimiter({ perSecond: 1, burst: 2 }, clock);
    const auth = limitCredentials(authenticate, limiter);
    for (let i = 0; i < 5; i++) expect(await status(auth, `desk.${OTHER}`)).toBe(401);
    expect(state.lookups).toBe(5);
    expect(await status(auth, `desk.${SECRET}`)).toBe(200);
    expect(await status(auth, `desk.${SECRET}`)).toBe(200);
    expect(await status(auth, `desk.${SECRET}`)).toBe(429);
    // While the real bucket is empty, a wrong secret is still looked up and refused as unknown.
    expect(await status(auth, `desk.${OTHER}`)).toBe(401);
  });

  it('checks the store again once the bucket refills: a revoked credential gets 401', async () => {
    const { state, authenticate } = deskStore();
    let now = NOW.getTime();
    const auth = limitCredentials(
      authenticate,
      createRateLimiter({ perSecond: 1, burst: 1 }, { now: () => new Date(now) }),
    );
    expect(await status(auth, `desk.${SECRET}`)).toBe(200);
    expect(await status(auth, `desk.${SECRET}`)).toBe(429);
    state.revoked = true;
    now += 2_000;
    expect(await status(auth, `desk.${SECRET}`)).toBe(401);
  });

  it('counts refused requests: a flood stays refused until it stops, down to a second of debt', async () => {
    const { authenticate } = deskStore();
    let now = NOW.getTime();
    const auth = limitCredentials(
      authenticate,
      createRateLimiter({ perSecond: 2, burst: 2 }, { now: () => new Date(now) }),
    );
    const retryAfter = async () => {
      try {
        await auth(`desk.${SECRET}`);
        return 'allowed';
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return error.headers?.['retry-after'];
      }
    };
    expect([await retryAfter(), await retryAfter()]).toEqual(['allowed', 'allowed']);
    // A flood at 20/s for 2 s: every request refused, Retry-After growing to the debt's floor
    // (2 tokens owed at 2/s: 1.5 s, said as 2).
    const waits = new Set<string | undefined>();
    for (let i = 0; i < 40; i++) {
      waits.add(await retryAfter());
      now += 50;
    }
    expect([...waits]).toEqual(['1', '2']);
    // Waiting as told lets it in.
    now += 1_500;
    expect(await retryAfter()).toBe('allowed');
  });
});
