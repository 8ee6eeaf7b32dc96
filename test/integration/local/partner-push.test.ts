import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { verifyNotification } from '../../../examples/partner-receiver/verify.mjs';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp, TEST_TOKEN, waitFor } from '../support/local-app.js';
import {
  type PushReceiver,
  type ReceivedPush,
  startPushReceiver,
} from '../support/push-receiver.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = Record<string, any>;

/** The real schedule's shape, shortened: 100 ms doubling, at most 400 ms apart, parked after 1.5 s. */
const schedule = { firstDelayMs: 100, maxDelayMs: 400, giveUpAfterMs: 1500 };

let app: LocalApp;
const receivers: PushReceiver[] = [];
beforeAll(async () => {
  app = await startTestApp({ pushSchedule: schedule });
});
afterAll(async () => {
  await app?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(): Promise<PushReceiver> {
  const started = await startPushReceiver();
  receivers.push(started);
  return started;
}

async function register(name: string, endpoint: string, feeds: string[]): Promise<string> {
  const response = await api(app, 'POST', '/partners', { name, endpoint, feeds });
  const body = (await response.json()) as Json;
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.secret;
}

async function post(story: Json): Promise<void> {
  const response = await api(app, 'POST', '/stories', story);
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

const bodyOf = (push: ReceivedPush): Json => JSON.parse(push.body.toString('utf8'));

async function nth(target: PushReceiver, count: number): Promise<ReceivedPush> {
  await waitFor(async () => target.received.length >= count, 30_000);
  return target.received[count - 1] as ReceivedPush;
}

describe('partners API', () => {
  it('registers a partner once, shows its secret only then, and removes it', async () => {
    const secret = await register('api-partner', 'https://partner.example.net/hook', [
      'okanagan/wire',
      'shuswap/local',
    ]);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const again = await api(app, 'POST', '/partners', {
      name: 'api-partner',
      endpoint: 'https://partner.example.net/other',
      feeds: ['okanagan/local'],
    });
    const listed = (await (await api(app, 'GET', '/partners')).json()) as Json;
    const one = (await (await api(app, 'GET', '/partners/api-partner')).json()) as Json;

    expect(again.status).toBe(409);
    const mine = listed.partners.find((p: Json) => p.name === 'api-partner');
    expect(mine).toMatchObject({
      endpoint: 'https://partner.example.net/hook',
      feeds: ['okanagan/wire', 'shuswap/local'],
    });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(one.partner.name).toBe('api-partner');
    expect(JSON.stringify(one)).not.toContain(secret);
    expect((await api(app, 'DELETE', '/partners/api-partner')).status).toBe(200);
    expect((await api(app, 'GET', '/partners/api-partner')).status).toBe(404);
    expect((await api(app, 'DELETE', '/partners/api-partner')).status).toBe(404);
  });

  it('refuses a plain-http endpoint off the loopback and a feed that is not published, naming each', async () => {
    const response = await api(app, 'POST', '/partners', {
      name: 'bad-partner',
      endpoint: 'http://partner.example.net/hook',
      feeds: ['okanagan/local', 'atlantis/local', 'okanagan/sports'],
      extra: true,
    });
    const body = (await response.json()) as Json;

    expect(response.status).toBe(400);
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'is not a partner field' },
        expect.objectContaining({ path: 'endpoint' }),
        { path: 'feeds[1]', message: 'no feed "atlantis/local" is published' },
        { path: 'feeds[2]', message: 'no feed "okanagan/sports" is published' },
      ]),
    );
    expect((await api(app, 'GET', '/partners/bad-partner')).status).toBe(404);
  });

  it('lets only the admin manage partners', async () => {
    const created = await api(app, 'POST', '/credentials', {
      name: 'desk-no-partners',
      channels: ['local'],
      regions: ['okanagan'],
    });
    const { token } = (await created.json()) as Json;

    const response = await fetch(`${app.url}/partners`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(403);
  });
});

describe('signed push', () => {
  it('tells the partner of a feed what is new, updated and killed, signed so its receiver verifies it', async () => {
    const target = await receiver();
    const secret = await register('okanagan-reader', target.url, ['okanagan/local']);

    await post(localStoryJson({ id: 'push-story-1', version: 1 }));
    const created = await nth(target, 1);
    await post(
      localStoryJson({ id: 'push-story-1', version: 2, headline: 'Cider press opens early' }),
    );
    const updated = await nth(target, 2);
    expect((await api(app, 'DELETE', '/stories/push-story-1')).status).toBe(200);
    const killed = await nth(target, 3);

    for (const push of [created, updated, killed]) {
      expect(verifyNotification({ secret, headers: push.headers, body: push.body })).toEqual({
        ok: true,
      });
    }
    expect(bodyOf(created)).toMatchObject({
      type: 'feed.changed',
      feed: 'okanagan/local',
      feedUrl: `${app.url}/feeds/okanagan/local.json`,
      items: [{ storyId: 'push-story-1', outcome: 'new', version: 1 }],
    });
    expect(bodyOf(created).items[0].id).toMatch(/^tag:.*:story\/push-story-1$/);
    expect(bodyOf(updated).items).toEqual([
      expect.objectContaining({ storyId: 'push-story-1', outcome: 'updated', version: 2 }),
    ]);
    expect(bodyOf(killed).items).toEqual([
      expect.objectContaining({ storyId: 'push-story-1', outcome: 'killed' }),
    ]);
    expect(
      new Set([created, updated, killed].map((p) => p.headers['dateline-delivery'])).size,
    ).toBe(3);
  });

  it('sends nothing to a partner for a feed it does not follow', async () => {
    const target = await receiver();
    await register('shuswap-only', target.url, ['shuswap/wire']);
    const other = await receiver();
    await register('okanagan-wire', other.url, ['okanagan/wire']);

    await post(wireStoryJson({ id: 'push-okanagan-only', regions: ['okanagan'] }));
    await nth(other, 1);
    await app.settled();

    expect(target.received).toHaveLength(0);
  });

  it('retries a partner that answers 500 with growing pauses, under one delivery id, and stops after its 2xx', async () => {
    const target = await receiver();
    target.answer((request) => (request <= 2 ? 500 : 204));
    const secret = await register('flaky-partner', target.url, ['kootenay/local']);

    await post(localStoryJson({ id: 'push-flaky', regions: ['kootenay'] }));
    const third = await nth(target, 3);
    await new Promise((resolve) => setTimeout(resolve, 4 * schedule.maxDelayMs));

    expect(target.received).toHaveLength(3);
    const [first, second] = target.received as [ReceivedPush, ReceivedPush];
    expect(second.at - first.at).toBeGreaterThanOrEqual(schedule.firstDelayMs - 5);
    expect(third.at - second.at).toBeGreaterThanOrEqual(2 * schedule.firstDelayMs - 5);
    expect(new Set(target.received.map((p) => p.headers['dateline-delivery'])).size).toBe(1);
    expect(verifyNotification({ secret, headers: third.headers, body: third.body }).ok).toBe(true);
    const shown = (await (await api(app, 'GET', '/partners/flaky-partner')).json()) as Json;
    expect(shown.partner.lastDeliveredAt).toBeDefined();
    expect(shown.partner.parked).toBeUndefined();
  });

  it('parks a notification after the retry period and shows it on the partner', async () => {
    const target = await receiver();
    target.answer(() => 500);
    await register('down-partner', target.url, ['shuswap/local']);

    await post(localStoryJson({ id: 'push-parked', regions: ['shuswap'] }));
    await waitFor(async () => {
      const shown = (await (await api(app, 'GET', '/partners/down-partner')).json()) as Json;
      return shown.partner.parked === 1;
    }, 30_000);
    const attempts = target.received.length;
    await new Promise((resolve) => setTimeout(resolve, 2 * schedule.maxDelayMs));
    const shown = (await (await api(app, 'GET', '/partners/down-partner')).json()) as Json;

    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(target.received).toHaveLength(attempts);
    expect(shown.partner).toMatchObject({ parked: 1, lastError: 'endpoint answered HTTP 500' });
  });
});

describe('dateline partners (CLI)', () => {
  async function dateline(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATELINE_URL: app.url, DATELINE_TOKEN: TEST_TOKEN };
    const code = await main(args, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('adds a partner (printing its secret once), lists, shows and removes it', async () => {
    const added = await dateline([
      'partners',
      'add',
      'cli-partner',
      '--endpoint',
      'https://hooks.example.net/cli',
      '--feeds',
      'okanagan/wire,shuswap/wire',
    ]);
    const listed = await dateline(['partners', 'list']);
    const shown = await dateline(['partners', 'show', 'cli-partner']);
    const removed = await dateline(['partners', 'remove', 'cli-partner']);
    const again = await dateline(['partners', 'remove', 'cli-partner']);

    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(listed.out).toContain(
      'cli-partner  https://hooks.example.net/cli  okanagan/wire,shuswap/wire',
    );
    expect(listed.out).not.toContain(added.out);
    expect(JSON.parse(shown.out)).toMatchObject({
      name: 'cli-partner',
      feeds: ['okanagan/wire', 'shuswap/wire'],
    });
    expect(removed).toMatchObject({ code: 0, out: 'Removed partner "cli-partner".' });
    expect(again.code).toBe(1);
  });

  it('says what is wrong with a bad partner, and what a command line lacks', async () => {
    const refused = await dateline([
      'partners',
      'add',
      'x',
      '--endpoint',
      'http://a.example',
      '--feeds',
      'nowhere/wire',
    ]);
    const usage = await dateline(['partners', 'add', 'x']);

    expect(refused.code).toBe(1);
    expect(refused.err).toContain('endpoint');
    expect(refused.err).toContain('no feed "nowhere/wire" is published');
    expect(usage.code).toBe(2);
  });
});
