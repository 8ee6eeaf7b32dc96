import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, shiftedClock, startTestApp, waitFor } from '../support/local-app.js';
import { sitemapProblems } from '../support/sitemap-rules.js';

/**
 * Sitemaps over HTTP on the local app: robots.txt names them, the index lists every day
 * sitemap, each file passes the sitemaps.org rules (checked by Python's xml.etree), the News
 * sitemap holds exactly the stories of the last 48 hours, and a killed or embargoed story is
 * never in any of them.
 */
const HOUR = 3_600_000;
const clock = shiftedClock();
let app: LocalApp;

beforeAll(async () => {
  app = await startTestApp({ site: testSite({ title: 'Test Gazette (Okanagan)' }), clock });
});
afterAll(async () => {
  await app?.stop();
});

function at(offsetHours: number): string {
  return new Date(clock.now().getTime() + offsetHours * HOUR).toISOString();
}

async function post(id: string, fields: Record<string, unknown>) {
  const response = await api(app, 'POST', '/stories', {
    ...localStoryJson({
      id,
      headline: `Headline of ${id} & co`,
      url: `https://gazette.example.org/${id}`,
    }),
    ...fields,
  });
  expect(response.status, id).toBe(201);
}

async function text(path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(new URL(path, app.url));
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

/**
 * Waits until the News sitemap lists exactly `expected`: a change that comes with time (an
 * embargo lift, a story aging out) is published by the next sweep, which `settled` need not
 * cover yet.
 */
async function newsBecomes(expected: string[]): Promise<void> {
  const want = JSON.stringify([...expected].sort());
  await waitFor(
    async () => JSON.stringify(locsOf((await text('/sitemaps/news.xml')).body).sort()) === want,
  );
}

const locsOf = (xml: string) =>
  [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);
const pageOf = (id: string) => `${app.url}/pages/${id}.html`;

/** Every URL of every day sitemap the index lists, each file checked by the rules. */
async function dayUrls(): Promise<string[]> {
  const index = await text('/sitemap.xml');
  expect(index.status).toBe(200);
  expect(await sitemapProblems('index', index.body)).toEqual([]);
  const urls: string[] = [];
  for (const loc of locsOf(index.body).filter((l) => !l.endsWith('/sitemaps/news.xml'))) {
    const day = await text(new URL(loc).pathname);
    expect(day.status, loc).toBe(200);
    expect(day.type).toBe('application/xml; charset=utf-8');
    expect(await sitemapProblems('urlset', day.body), loc).toEqual([]);
    urls.push(...locsOf(day.body));
  }
  return urls.sort();
}

async function newsUrls(): Promise<string[]> {
  const news = await text('/sitemaps/news.xml');
  expect(news.status).toBe(200);
  expect(await sitemapProblems('news', news.body)).toEqual([]);
  return locsOf(news.body).sort();
}

describe('sitemaps on the local app', () => {
  it('robots.txt names the sitemap index and the News sitemap by absolute URL', async () => {
    const robots = await text('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.type).toBe('text/plain; charset=utf-8');
    expect(robots.body).toContain(`Sitemap: ${app.url}/sitemap.xml\n`);
    expect(robots.body).toContain(`Sitemap: ${app.url}/sitemaps/news.xml\n`);
  });

  it('lists live pages by day, the last 48 hours in the News sitemap, and never a killed or embargoed story', async () => {
    await post('fresh', { publishedAt: at(-1) });
    await post('old', { publishedAt: at(-72) });
    await post('held', { publishedAt: at(-2), embargoUntil: at(1) });
    await post('doomed', { publishedAt: at(-3) });
    await app.settled();
    await app.sweep(); // story publishes mark the days; the sweep writes the files

    expect(await dayUrls()).toEqual([pageOf('doomed'), pageOf('fresh'), pageOf('old')].sort());
    expect(await newsUrls()).toEqual([pageOf('doomed'), pageOf('fresh')].sort());
    const news = (await text('/sitemaps/news.xml')).body;
    expect(news).toContain('<news:name>Test Gazette (Okanagan)</news:name>');
    expect(news).toContain('<news:language>en</news:language>');
    expect(news).toContain('<news:title>Headline of fresh &amp; co</news:title>');

    expect((await api(app, 'DELETE', '/stories/doomed')).status).toBe(200);
    await app.settled();
    // A kill leaves the sitemaps at the next sweep: here the local timer's, not an explicit one.
    const doomedDay = `/sitemaps/${at(-3).slice(0, 10)}.xml`;
    await waitFor(async () => {
      const [news, day] = await Promise.all([text('/sitemaps/news.xml'), text(doomedDay)]);
      return !news.body.includes(pageOf('doomed')) && !day.body.includes(pageOf('doomed'));
    });
    expect(await dayUrls()).toEqual([pageOf('fresh'), pageOf('old')].sort());
    expect(await newsUrls()).toEqual([pageOf('fresh')]);

    clock.advance(2 * HOUR);
    await api(
      app,
      'POST',
      '/stories',
      localStoryJson({ id: 'nudge', publishedAt: at(-100), url: 'https://gazette.example.org/n' }),
    );
    await newsBecomes([pageOf('fresh'), pageOf('held')]);
    expect(await newsUrls()).toEqual([pageOf('fresh'), pageOf('held')].sort());
    expect(await dayUrls()).toContain(pageOf('held'));
  });

  it('drops a story from the News sitemap once it is 48 hours old, keeping it in its day', async () => {
    clock.advance(47 * HOUR);
    await api(
      app,
      'POST',
      '/stories',
      localStoryJson({
        id: 'nudge-2',
        publishedAt: at(-100),
        url: 'https://gazette.example.org/n2',
      }),
    );
    await newsBecomes([]);
    expect(await newsUrls()).toEqual([]);
    expect(await dayUrls()).toContain(pageOf('fresh'));
  });
});

describe('the sitemaps.org rules checker (sitemap_rules.py)', () => {
  const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
  const urlset = (inner: string) => `<?xml version="1.0"?><urlset xmlns="${NS}">${inner}</urlset>`;

  it('finds what the protocol forbids, so a pass means something', async () => {
    expect(await sitemapProblems('urlset', urlset('<url><loc>/pages/a.html</loc></url>'))).toEqual([
      'loc not absolute: /pages/a.html',
    ]);
    expect(
      await sitemapProblems(
        'urlset',
        urlset('<url><loc>https://a.example/</loc><lastmod>yesterday</lastmod></url>'),
      ),
    ).toEqual(['lastmod not W3C Datetime: yesterday']);
    const long = `https://a.example/${'x'.repeat(2_100)}`;
    expect(await sitemapProblems('urlset', urlset(`<url><loc>${long}</loc></url>`))).toHaveLength(
      1,
    );
    expect(await sitemapProblems('index', urlset(''))).toEqual([
      `root is {${NS}}urlset, not {${NS}}sitemapindex`,
    ]);
    expect(await sitemapProblems('urlset', '<urlset')).toHaveLength(1);
    expect(
      await sitemapProblems('news', urlset('<url><loc>https://a.example/</loc></url>')),
    ).toEqual(['https://a.example/: no news:news']);
  });
});
