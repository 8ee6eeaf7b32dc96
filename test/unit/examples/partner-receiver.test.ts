import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver } from '../../../examples/partner-receiver/server.mjs';
import { verifyNotification } from '../../../examples/partner-receiver/verify.mjs';
import {
  newDelivery,
  notificationOf,
  signedHeaders,
} from '../../../lambdas/adapters/push/push-notification.js';

const secret = 'k7Vn0b8W2rJcQe1s9ZxYtLmPaH4uGdF6oNiR3vBwE5q';
const notification = notificationOf(
  {
    feed: { region: 'okanagan', channel: 'local' },
    items: [
      { id: 'tag:news.example.com,2026-01-01:story/a', storyId: 'a', outcome: 'new', version: 1 },
    ],
  },
  'https://feeds.example.com',
);
const delivery = newDelivery('smartnews', notification, 0);
const signedAt = new Date('2026-12-06T04:00:00Z');
const headers = signedHeaders(secret, delivery, signedAt);
const minutes = (n: number) => new Date(signedAt.getTime() + n * 60_000);

describe('examples/partner-receiver verifyNotification', () => {
  it('accepts what Dateline signs, within 5 minutes either way', () => {
    expect(verifyNotification({ secret, headers, body: delivery.body, now: minutes(4.9) })).toEqual(
      {
        ok: true,
      },
    );
    expect(
      verifyNotification({ secret, headers, body: delivery.body, now: minutes(-4.9) }).ok,
    ).toBe(true);
  });

  it('refuses a notification replayed more than 5 minutes after it was signed', () => {
    const result = verifyNotification({ secret, headers, body: delivery.body, now: minutes(5.1) });

    expect(result).toEqual({
      ok: false,
      reason: 'timestamp more than 300 s away: a replay or a wrong clock',
    });
  });

  it('refuses a tampered body, a moved timestamp and the wrong secret', () => {
    const now = minutes(1);
    const tampered = delivery.body.replace('"new"', '"killed"');
    const moved = {
      ...headers,
      'dateline-timestamp': String(Number(headers['dateline-timestamp']) + 60),
    };

    expect(verifyNotification({ secret, headers, body: tampered, now }).ok).toBe(false);
    expect(verifyNotification({ secret, headers: moved, body: delivery.body, now }).ok).toBe(false);
    expect(
      verifyNotification({ secret: `${secret.slice(1)}x`, headers, body: delivery.body, now }),
    ).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyNotification({ secret, headers: {}, body: delivery.body, now }).ok).toBe(false);
  });
});

describe('examples/partner-receiver server', () => {
  const received: unknown[] = [];
  let now = signedAt;
  const server = createReceiver({
    secret,
    now: () => now,
    onNotification: (n) => received.push(n),
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const send = (body: string) => fetch(url, { method: 'POST', headers, body });

  it('acts once on a signed notification, acknowledges its retry, and refuses a replay after 5 minutes', async () => {
    const first = await send(delivery.body);
    const retry = await send(delivery.body);
    now = minutes(6);
    const replay = await send(delivery.body);
    now = signedAt;
    const tampered = await send(delivery.body.replace('"new"', '"updated"'));

    expect([first.status, retry.status, replay.status, tampered.status]).toEqual([
      204, 204, 401, 401,
    ]);
    expect(received).toEqual([notification]);
  });
});
