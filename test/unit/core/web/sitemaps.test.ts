import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { SitemapEntry } from '../../../../lambdas/core/ports.js';
import {
  NEWS_MAX_URLS,
  newsLanguageOf,
  newsSitemapEntries,
  renderNewsSitemap,
} from '../../../../lambdas/core/web/news-sitemap.js';
import { renderRobotsTxt } from '../../../../lambdas/core/web/robots-txt.js';
import {
  daySitemapKey,
  renderDaySitemaps,
  renderSitemapIndex,
  SITEMAP_LIMITS,
} from '../../../../lambdas/core/web/sitemap-xml.js';
import { testSite } from '../../../fixtures/site.js';
import { expectWellFormed } from '../formats/feed-readers.js';

const BASE = 'https://feeds.example.org';
const NOW = new Date('2026-12-05T12:00:00.000Z');
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function entry(n: number, overrides: Partial<SitemapEntry> = {}): SitemapEntry {
  const published = new Date(NOW.getTime() - n * 60_000).toISOString();
  return {
    storyId: `story-${String(n).padStart(6, '0')}`,
    day: published.slice(0, 10),
    published,
    lastmod: published,
    title: `Headline ${n} <& co>`,
    language: 'en-CA',
    ...overrides,
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (n) => n === 'url' || n === 'sitemap',
});

function urlsOf(xml: string): Array<Record<string, unknown>> {
  expectWellFormed(xml);
  return (parser.parse(xml).urlset?.url ?? []) as Array<Record<string, unknown>>;
}

describe('day sitemaps', () => {
  it('list each story page by absolute URL with its last update as a W3C datetime, oldest first', () => {
    const [xml = ''] = renderDaySitemaps(
      [entry(1, { lastmod: '2026-12-05T11:59:30.500Z' }), entry(2)],
      BASE,
    );
    const root = parser.parse(xml).urlset;
    expect(root['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls = urlsOf(xml);
    expect(urls.map((u) => u.loc)).toEqual([
      `${BASE}/pages/story-000002.html`,
      `${BASE}/pages/story-000001.html`,
    ]);
    expect(urls[1]?.lastmod).toBe('2026-12-05T11:59:30.500Z');
    for (const url of urls) expect(String(url.lastmod)).toMatch(W3C);
  });

  it('split a day past 50,000 URLs into parts of at most 50,000', () => {
    const entries = Array.from({ length: 50_001 }, (_, n) => entry(n % 600, { storyId: `s${n}` }));
    const parts = renderDaySitemaps(entries, BASE);
    expect(parts).toHaveLength(2);
    // Counted, not parsed: the parsers take seconds over 50,000 URLs on a busy machine.
    expect((parts[0] as string).split('<url>').length - 1).toBe(50_000);
    expect(urlsOf(parts[1] as string)).toHaveLength(1);
    expect(daySitemapKey('2026-12-05', 2)).toBe('sitemaps/2026-12-05-2.xml');
  });

  it('split a day by bytes before it passes the size limit', () => {
    const entries = Array.from({ length: 40 }, (_, n) => entry(n));
    const limits = { ...SITEMAP_LIMITS, bytes: 2_000 };
    const parts = renderDaySitemaps(entries, BASE, limits);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(2_000);
    expect(parts.flatMap(urlsOf)).toHaveLength(40);
  });

  it('leave out a URL longer than 2,048 characters rather than break the file', () => {
    const longBase = `https://feeds.example.org/${'x'.repeat(2_000)}`;
    expect(urlsOf(renderDaySitemaps([entry(1)], longBase)[0] as string)).toEqual([]);
  });
});

describe('the sitemap index', () => {
  it('lists every part of each day that lists a URL, newest first, with lastmod, then the News sitemap', () => {
    const xml = renderSitemapIndex(
      [
        { day: '2026-12-04', lastmod: '2026-12-04T20:00:00.000Z', parts: 1 },
        { day: '2026-12-05', lastmod: '2026-12-05T11:00:00.000Z', parts: 2 },
        { day: '2026-12-03', lastmod: '2026-12-03T09:00:00.000Z', parts: 0 },
      ],
      BASE,
    );
    expectWellFormed(xml);
    const index = parser.parse(xml).sitemapindex;
    expect(index['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      `${BASE}/sitemaps/2026-12-05.xml`,
      `${BASE}/sitemaps/2026-12-05-2.xml`,
      `${BASE}/sitemaps/2026-12-04.xml`,
      `${BASE}/sitemaps/news.xml`,
    ]);
    expect(index.sitemap[0].lastmod).toBe('2026-12-05T11:00:00Z');
  });
});

describe('the News sitemap', () => {
  it('holds exactly the stories of the last 48 hours, newest first', () => {
    const inside = entry(47 * 60 + 59);
    const edge = entry(48 * 60);
    const future = entry(-5);
    expect(newsSitemapEntries([edge, inside, entry(1), future], NOW)).toEqual([entry(1), inside]);
  });

  it('holds at most 1,000 stories, the newest', () => {
    const many = Array.from({ length: 1_200 }, (_, n) => entry(n));
    const kept = newsSitemapEntries(many, NOW);
    expect(kept).toHaveLength(NEWS_MAX_URLS);
    expect(kept[0]).toEqual(entry(0));
  });

  it('names the publication, its ISO 639 language, the publication date and the title', () => {
    const site = testSite({ title: 'Test Gazette' });
    const xml = renderNewsSitemap(site, BASE, [entry(1, { language: 'fr-CA' })]);
    const [url] = urlsOf(xml);
    expect(parser.parse(xml).urlset['@xmlns:news']).toBe(
      'http://www.google.com/schemas/sitemap-news/0.9',
    );
    expect(url?.loc).toBe(`${BASE}/pages/story-000001.html`);
    expect(url?.['news:news']).toEqual({
      'news:publication': { 'news:name': 'Test Gazette', 'news:language': 'fr' },
      'news:publication_date': '2026-12-05T11:59:00Z',
      'news:title': 'Headline 1 <& co>',
    });
  });

  it('turns BCP 47 tags into Google News language codes', () => {
    expect(newsLanguageOf('en-CA')).toBe('en');
    expect(newsLanguageOf('FR')).toBe('fr');
    expect(newsLanguageOf('zh-Hans-CN')).toBe('zh-cn');
    expect(newsLanguageOf('zh-TW')).toBe('zh-tw');
    expect(newsLanguageOf('zh-Hant')).toBe('zh-tw');
  });
});

describe('robots.txt', () => {
  it('allows every crawler and names both sitemaps by absolute URL', () => {
    expect(renderRobotsTxt(`${BASE}/`)).toBe(
      `User-agent: *\nAllow: /\n\nSitemap: ${BASE}/sitemap.xml\nSitemap: ${BASE}/sitemaps/news.xml\n`,
    );
  });
});
