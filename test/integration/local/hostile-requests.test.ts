import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { type Format, readFeed } from '../support/feeds.js';
import { api, startTestApp, TEST_TOKEN } from '../support/local-app.js';

const FEEDS = ['okanagan', 'shuswap'].flatMap((region) =>
  ['local', 'wire'].flatMap((channel) =>
    (['rss', 'atom', 'json'] as Format[]).map((format) => ({ region, channel, format })),
  ),
);
const STORED = ['calm-local', 'calm-wire'];
const past = '2026-01-10T12:00:00Z';

let app: LocalApp;
beforeAll(async () => {
  app = await startTestApp();
  const posted = await Promise.all([
    api(app, 'POST', '/stories', localStoryJson({ id: 'calm-local', publishedAt: past })),
    api(app, 'POST', '/stories', wireStoryJson({ id: 'calm-wire', publishedAt: past })),
  ]);
  expect(posted.map((r) => r.status)).toEqual([201, 201]);
  await app.settled();
});
afterAll(async () => {
  await app?.stop();
});

/** Every stored story and every feed file, byte for byte, with each feed parsed for validity. */
async function snapshot() {
  const stories = await Promise.all(
    STORED.map(async (id) => (await api(app, 'GET', `/stories/${id}`)).text()),
  );
  const feeds = await Promise.all(
    FEEDS.map(async ({ region, channel, format }) => {
      const feed = await readFeed(app, region, channel, format);
      expect(feed.status, `${region}/${channel}.${format}`).toBe(200);
      return feed.text;
    }),
  );
  return { stories, feeds };
}

type Attack = [name: string, method: string, path: string, body?: unknown, headers?: object];
const regions = (n: number) => Array.from({ length: n }, () => 'x');
const ninjs = { 'content-type': 'application/vnd.iptc.ninjs+json' };
const ATTACKS: Attack[] = [
  [
    'embargo in year 10000',
    'POST',
    '/stories',
    localStoryJson({ id: 'a1', embargoUntil: '9999-12-31T20:00:00-05:00' }),
  ],
  [
    'expiry in year 10000',
    'POST',
    '/stories',
    localStoryJson({ id: 'a2', expiresAt: '9999-12-31T23:30:00-01:00' }),
  ],
  [
    'publishedAt in year 0',
    'POST',
    '/stories',
    localStoryJson({ id: 'a3', publishedAt: '0000-06-01T00:00:00Z' }),
  ],
  [
    'updatedAt before year 1',
    'POST',
    '/stories',
    localStoryJson({ id: 'a4', updatedAt: '0001-01-01T00:00:00+05:00' }),
  ],
  [
    'ninjs embargo in year 10000',
    'POST',
    '/stories?regions=okanagan',
    {
      uri: 'urn:x:1',
      version: 1,
      headline: 'H',
      body_html: '<p>b</p>',
      embargoed: '9999-12-31T20:00:00-05:00',
    },
    ninjs,
  ],
  ['130,000 regions', 'POST', '/stories', localStoryJson({ id: 'a5', regions: regions(130_000) })],
  ['100,000 regions', 'POST', '/stories', localStoryJson({ id: 'a6', regions: regions(100_000) })],
  [
    '40,000 unknown fields',
    'POST',
    '/stories',
    localStoryJson(Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`f${i}`, i]))),
  ],
  ['id "."', 'POST', '/stories', localStoryJson({ id: '.' })],
  ['id ".."', 'POST', '/stories', localStoryJson({ id: '..' })],
  [
    'body cut short by <script>',
    'POST',
    '/stories',
    wireStoryJson({ id: 'a7', bodyHtml: '<p>One.</p><script>x<p>Two.</p>' }),
  ],
  [
    'body cut short by an open tag',
    'POST',
    '/stories',
    wireStoryJson({ id: 'a8', bodyHtml: '<p>One <a href="https://x.example/>Two.</p>' }),
  ],
  [
    'older version of a stored story',
    'POST',
    '/stories',
    localStoryJson({ id: 'calm-local', version: 0, publishedAt: past }),
  ],
  [
    'same version, other content',
    'POST',
    '/stories',
    localStoryJson({ id: 'calm-local', headline: 'Changed', publishedAt: past }),
  ],
  [
    'version past 2^53',
    'POST',
    '/stories',
    '{"id":"a9","version":9007199254740993,"channel":"local","regions":["okanagan"],"headline":"h","summary":"s","url":"https://x.example/"}',
  ],
  ['malformed JSON', 'POST', '/stories', '{"id":'],
  ['JSON that is not an object', 'POST', '/stories', '[1,2,3]'],
  ['body over 1 MB', 'POST', '/stories', `"${'x'.repeat(1_100_000)}"`],
  [
    'wrong content type',
    'POST',
    '/stories',
    localStoryJson({ id: 'a10' }),
    { 'content-type': 'text/plain' },
  ],
  ['no credentials', 'POST', '/stories', localStoryJson({ id: 'a11' }), { authorization: '' }],
  [
    'wrong credentials',
    'DELETE',
    '/stories/calm-local',
    undefined,
    { authorization: 'Bearer nope-nope-nope-nope' },
  ],
  ['kill "."', 'DELETE', '/stories/.'],
  ['kill ".." encoded', 'DELETE', '/stories/%2E%2E'],
  ['read a traversal', 'GET', '/stories/..%2F..%2Fetc%2Fpasswd'],
  ['kill a story never stored', 'DELETE', '/stories/never-stored'],
  ['batch of 101', 'POST', '/stories/batch', { stories: Array.from({ length: 101 }, () => ({})) }],
  ['batch that is not a list', 'POST', '/stories/batch', { stories: 'all of them' }],
  [
    'ninjs without regions',
    'POST',
    '/stories',
    { uri: 'urn:x:2', version: 1, headline: 'H' },
    ninjs,
  ],
  ['unknown method', 'PUT', '/stories', localStoryJson({ id: 'a12' })],
];

describe('hostile requests from outside, over HTTP', () => {
  it('answer every one with a bounded JSON 4xx and leave stories and feeds unchanged', async () => {
    const before = await snapshot();
    for (const [name, method, path, body, headers = {}] of ATTACKS) {
      const response = await api(app, method, path, body, headers as Record<string, string>);
      const text = await response.text();
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(Buffer.byteLength(text), name).toBeLessThan(64 * 1024);
      const error = JSON.parse(text).error;
      expect(error, name).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(error.details.length, name).toBeLessThanOrEqual(100);
    }
    await app.settled();
    expect(await snapshot()).toEqual(before);
    // Nothing the attacks named was stored either.
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5', 'a7', 'a8', 'a9', 'a10', 'a11', 'a12']) {
      expect((await api(app, 'GET', `/stories/${id}`)).status, id).toBe(404);
    }
  });

  it('answers a batch of hostile stories per story, storing none, under 64 KB', async () => {
    const stories = [
      localStoryJson({ id: 'b1', embargoUntil: '9999-12-31T20:00:00-05:00' }),
      localStoryJson({ id: '..' }),
      localStoryJson({ id: 'b3', regions: regions(20_000) }),
      wireStoryJson({ id: 'b4', bodyHtml: '<p>x</p><!-- open' }),
    ];
    const response = await fetch(`${app.url}/stories/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stories }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(Buffer.byteLength(text)).toBeLessThan(64 * 1024);
    const { results } = JSON.parse(text);
    expect(results.map((r: { status: number }) => r.status)).toEqual([400, 400, 400, 400]);
    for (const id of ['b1', 'b3', 'b4']) {
      expect((await api(app, 'GET', `/stories/${id}`)).status, id).toBe(404);
    }
  });
});

/** One GET with `path` sent as it is (fetch would normalise it), answering status and type. */
async function rawGet(path: string): Promise<{ status: number; type: string }> {
  const http = await import('node:http');
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('odd request paths', () => {
  it.each(['//', '//feeds/okanagan/local.rss', '//evil.example/x', '/feeds//okanagan'])(
    'answers GET %s with a 404, never a 5xx',
    async (path) => {
      expect(await rawGet(path)).toMatchObject({ status: 404 });
    },
  );
});
