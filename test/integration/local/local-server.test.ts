import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { ninjs2Document } from '../../fixtures/ninjs.js';
import { sampleSite } from '../../fixtures/site.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { type Format, readFeed } from '../support/feeds.js';
import { api, shiftedClock, startTestApp, waitFor } from '../support/local-app.js';

const FORMATS: Format[] = ['rss', 'atom', 'json'];
const TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};
const itemId = (id: string) => `tag:news.example.com,2026-01-01:story/${id}`;
const allFeeds = sampleSite.regions.flatMap((r) =>
  (['local', 'wire'] as const).map((c) => ({ region: r.slug, channel: c })),
);

let app: LocalApp;
const clock = shiftedClock();
beforeAll(async () => {
  app = await startTestApp({ seed: true, clock });
});
afterAll(async () => {
  await app?.stop();
});

async function idsIn(region: string, channel: string): Promise<Record<Format, string[]>> {
  const [rss, atom, json] = await Promise.all(
    FORMATS.map((f) => readFeed(app, region, channel, f)),
  );
  return { rss: rss?.ids ?? [], atom: atom?.ids ?? [], json: json?.ids ?? [] };
}

describe('local server', () => {
  it('is healthy and serves every feed of every region in all three formats with samples', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await app.settled();
    for (const { region, channel } of allFeeds) {
      for (const format of FORMATS) {
        const feed = await readFeed(app, region, channel, format);
        expect(feed.status, `${region}/${channel}.${format}`).toBe(200);
        expect(feed.contentType).toContain(TYPES[format]);
      }
    }
    const okanaganLocal = await idsIn('okanagan', 'local');
    expect(okanaganLocal.rss.length).toBeGreaterThan(0);
    expect(okanaganLocal.atom).toEqual(okanaganLocal.rss);
    expect(okanaganLocal.json).toEqual(okanaganLocal.rss);
  });

  // How fast is measured by `npm run bench`; a timing assertion here would flake on a busy machine.
  it('publishes a posted story to all formats of exactly its feeds', async () => {
    const response = await api(
      app,
      'POST',
      '/stories',
      localStoryJson({ id: 'rt-1', regions: ['shuswap'], publishedAt: new Date().toISOString() }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/stories/rt-1');
    await waitFor(async () => {
      const ids = await idsIn('shuswap', 'local');
      return FORMATS.every((f) => ids[f].includes(itemId('rt-1')));
    });
    for (const { region, channel } of allFeeds.filter(
      (f) => !(f.region === 'shuswap' && f.channel === 'local'),
    )) {
      const ids = await idsIn(region, channel);
      expect(
        FORMATS.some((f) => ids[f].includes(itemId('rt-1'))),
        `${region}/${channel}`,
      ).toBe(false);
    }
  });

  it('answers 200 on an update, 200 on a replay and 409 on a stale take', async () => {
    const v1 = wireStoryJson({ id: 'rt-2', version: 1 });
    expect((await api(app, 'POST', '/stories', v1)).status).toBe(201);
    expect((await api(app, 'POST', '/stories', v1)).status).toBe(200);
    expect(
      (await api(app, 'POST', '/stories', { ...v1, version: 2, headline: 'Second take' })).status,
    ).toBe(200);
    const stale = await api(app, 'POST', '/stories', v1);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const stored = (await (await api(app, 'GET', '/stories/rt-2')).json()) as {
      story: { version: number; headline: string };
    };
    expect(stored.story).toMatchObject({ version: 2, headline: 'Second take' });
  });

  it('refuses bad input with 4xx and stores nothing', async () => {
    expect((await fetch(`${app.url}/stories`, { method: 'POST', body: '{}' })).status).toBe(401);
    const invalid = await api(
      app,
      'POST',
      '/stories',
      localStoryJson({ id: 'rt-bad', url: 'not a url' }),
    );
    expect(invalid.status).toBe(400);
    const tooBig = await api(app, 'POST', '/stories', 'x'.repeat(1024 * 1024 + 10));
    expect(tooBig.status).toBe(413);
    expect((await api(app, 'GET', '/stories/rt-bad')).status).toBe(404);
  });

  it('answers a browser at a missing or embargoed page with an HTML 404, an API client with JSON', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await api(app, 'POST', '/stories', wireStoryJson({ id: 'rt-not-yet', embargoUntil: later }));
    await app.settled();
    for (const path of ['/pages/rt-not-yet.html', '/pages/rt-never-sent.html']) {
      const browser = await fetch(`${app.url}${path}`, { headers: { accept: 'text/html,*/*' } });
      const client = await fetch(`${app.url}${path}`, { headers: { accept: 'application/json' } });

      expect(browser.status).toBe(404);
      expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = await browser.text();
      expect(page).toContain('<h1>Nothing is published here</h1>');
      expect(page).not.toContain('rt-not-yet');
      expect(client.status).toBe(404);
      expect(((await client.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('says a ninjs document posted as application/json looks like ninjs, and which type to use', async () => {
    const answer = await api(app, 'POST', '/stories', ninjs2Document({ uri: 'urn:rt:ninjs:json' }));
    const { error } = (await answer.json()) as { error: { message: string } };

    expect(answer.status).toBe(400);
    expect(error.message).toContain(
      'This looks like IPTC ninjs: send it with Content-Type: application/vnd.iptc.ninjs+json',
    );
  });

  it('kills a story out of every format of every feed', async () => {
    await api(
      app,
      'POST',
      '/stories',
      wireStoryJson({ id: 'rt-kill', regions: ['*'], publishedAt: new Date().toISOString() }),
    );
    await waitFor(async () => (await idsIn('kootenay', 'wire')).json.includes(itemId('rt-kill')));
    const kill = await api(app, 'DELETE', '/stories/rt-kill');
    expect(kill.status).toBe(200);
    // Like every successful answer, the kill says where readers can see the story now.
    expect(await kill.json()).toMatchObject({ outcome: 'killed', visibility: 'killed' });
    await waitFor(async () => {
      for (const region of sampleSite.regions) {
        const ids = await idsIn(region.slug, 'wire');
        if (FORMATS.some((f) => ids[f].includes(itemId('rt-kill')))) return false;
      }
      return true;
    });
    const stored = (await (await api(app, 'GET', '/stories/rt-kill')).json()) as {
      story: { status: string; killed: boolean };
    };
    expect(stored.story).toMatchObject({ status: 'canceled', killed: true });
  });

  it('keeps an embargoed story out of every feed until its instant, then shows it', async () => {
    const embargoUntil = new Date(clock.now().getTime() + 60_000).toISOString();
    await api(
      app,
      'POST',
      '/stories',
      localStoryJson({
        id: 'rt-emb',
        regions: ['okanagan'],
        publishedAt: clock.now().toISOString(),
        embargoUntil,
      }),
    );
    await app.settled();
    const before = await idsIn('okanagan', 'local');
    expect(FORMATS.filter((f) => before[f].includes(itemId('rt-emb')))).toEqual([]);

    clock.advance(60_000);

    await waitFor(async () => {
      const ids = await idsIn('okanagan', 'local');
      return FORMATS.every((f) => ids[f].includes(itemId('rt-emb')));
    });
  });

  it('lets caches keep every URL that can carry a killed story 5 s at most', async () => {
    const created = await api(app, 'POST', '/stories', wireStoryJson({ id: 'cache-kill' }));
    expect(created.status).toBe(201);
    await app.settled();
    const tab = { 'sec-fetch-dest': 'document', accept: 'text/html,*/*;q=0.8' };
    const urls: Array<[string, Record<string, string>]> = [
      ['/feeds/okanagan/wire.rss', {}],
      ['/feeds/okanagan/wire.atom', {}],
      ['/feeds/okanagan/wire.json', {}],
      ['/feeds/okanagan/wire.html', {}],
      ['/feeds/okanagan/wire.rss', tab],
      ['/feeds/okanagan/wire.atom', tab],
      ['/pages/cache-kill.html', {}],
      ['/index.html', {}],
      ['/feeds.opml', {}],
    ];
    for (const [path, headers] of urls) {
      const response = await fetch(`${app.url}${path}`, { headers });
      expect(response.status, path).toBe(200);
      const header = response.headers.get('cache-control') ?? '';
      expect(Number(/max-age=(\d+)/.exec(header)?.[1]), path).toBeLessThanOrEqual(5);
      expect(Number(/stale-if-error=(\d+)/.exec(header)?.[1] ?? 0), path).toBeLessThanOrEqual(60);
      expect(header, path).not.toContain('stale-while-revalidate');
    }
  });

  it('serves feeds with a strong ETag, Last-Modified, 304 and gzip', async () => {
    const url = `${app.url}/feeds/okanagan/local.rss`;
    const first = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect(first.headers.get('cache-control')).toContain('max-age');
    const notModified = await fetch(url, {
      headers: { 'if-none-match': etag, 'accept-encoding': 'identity' },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const stale = await fetch(url, {
      headers: { 'if-none-match': '"an-older-version"', 'accept-encoding': 'identity' },
    });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(await first.clone().text());
    const missing = await fetch(`${app.url}/feeds/okanagan/nowhere.rss`, {
      headers: { 'if-none-match': etag },
    });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    const modifiedSince = first.headers.get('last-modified') ?? '';
    expect(
      (
        await fetch(url, {
          headers: { 'if-modified-since': modifiedSince, 'accept-encoding': 'identity' },
        })
      ).status,
    ).toBe(304);
    const http = await import('node:http');
    const gz = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(await first.text());
  });

  it('serves a browser tab opening RSS or Atom the HTML view, and readers the feed', async () => {
    for (const format of ['rss', 'atom']) {
      const url = `${app.url}/feeds/okanagan/wire.${format}`;
      const tab = await fetch(url, {
        headers: { 'sec-fetch-dest': 'document', accept: 'text/html,*/*;q=0.8' },
      });
      expect(tab.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect((await fetch(url)).headers.get('content-type')).toContain(`application/${format}+xml`);
    }
  });

  it('serves the directory with discovery links and the OPML list', async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    const links = html.match(/<link[^>]+rel="alternate"[^>]*>/g) ?? [];
    expect(links.length).toBe(allFeeds.length * 3);
    const opml = await fetch(`${app.url}/feeds.opml`);
    expect(opml.status).toBe(200);
    expect((await opml.text()).match(/<outline[^>]+xmlUrl=/g)?.length).toBe(allFeeds.length);
  });
});
