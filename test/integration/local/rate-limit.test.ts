import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, createDesk, startTestApp, TEST_TOKEN } from '../support/local-app.js';

/** A clock that moves only when told: the buckets refill when the test says, not by waiting. */
let frozen = Date.now();
const clock = {
  now: () => new Date(frozen),
  advance: (ms: number) => {
    frozen += ms;
  },
};
let app: LocalApp;
let flooder: string;
let other: string;

beforeAll(async () => {
  app = await startTestApp({ clock, rateLimit: { perSecond: 1, burst: 3 } });
  flooder = await createDesk(app, 'flooder');
  other = await createDesk(app, 'quiet-desk');
});
afterAll(async () => {
  await app?.stop();
});

function post(token: string, id: string) {
  return fetch(`${app.url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(localStoryJson({ id })),
  });
}

describe('per-credential rate limit', () => {
  it('answers 429 with Retry-After past a credential’s burst, and leaves the others alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(flooder, `flood-${i}`)).status);
    expect(statuses).toEqual([201, 201, 201]);
    const refused = await post(flooder, 'flood-3');
    expect(refused.status).toBe(429);
    // Refused requests count too: the bucket is one request in debt, two seconds at 1/s.
    expect(refused.headers.get('retry-after')).toBe('2');
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message).toContain('"flooder"');
    expect((await post(other, 'quiet-0')).status).toBe(201);
    expect((await post(TEST_TOKEN, 'admin-0')).status).toBe(201);
    // Nothing of the refused take was stored.
    expect((await api(app, 'GET', '/stories/flood-3')).status).toBe(404);
  });

  it('lets the credential in again once it has waited as Retry-After asked', async () => {
    clock.advance(2_000);
    expect((await post(flooder, 'flood-again')).status).toBe(201);
    expect((await post(flooder, 'flood-again-2')).status).toBe(429);
  });

  it('keeps refusing a credential that sends on while refused, until it slows below its limit', async () => {
    const persistent = await createDesk(app, 'persistent');
    const first: number[] = [];
    for (let i = 0; i < 8; i++) first.push((await post(persistent, `persist-${i}`)).status);
    expect(first).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
    // A second later a plain token bucket would have a token back; the refused requests were
    // counted, so this one is refused too (and counted: the debt stays at one second's worth).
    clock.advance(1_000);
    expect((await post(persistent, 'persist-8')).status).toBe(429);
    clock.advance(1_000);
    expect((await post(persistent, 'persist-9')).status).toBe(429);
    // Quiet for as long as Retry-After said: in again.
    clock.advance(2_000);
    expect((await post(persistent, 'persist-10')).status).toBe(201);
    expect((await post(other, 'quiet-1')).status).toBe(201);
  });
});

describe('the default limit', () => {
  it('lets a credential send 5 requests at once and refuses the 6th, all 5 back a second later', async () => {
    const defaults = await startTestApp({ clock, rateLimit: 'default' });
    try {
      const token = await createDesk(defaults, 'default-desk');
      const get = (n: number) =>
        fetch(`${defaults.url}/stories/nobody-sent-${n}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const statuses: number[] = [];
      for (let n = 0; n < 6; n++) statuses.push((await get(n)).status);
      expect(statuses).toEqual([...Array(5).fill(404), 429]);
      clock.advance(1_000);
      const again: number[] = [];
      for (let n = 0; n < 6; n++) again.push((await get(100 + n)).status);
      expect(again).toEqual([...Array(5).fill(404), 429]);
    } finally {
      await defaults.stop();
    }
  });
});
