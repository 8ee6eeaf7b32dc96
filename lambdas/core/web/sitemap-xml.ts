import { escapeXmlText } from '../content/xml-escape.js';
import { toRfc3339 } from '../formats/dates.js';
import { publicUrl } from '../formats/feed-document.js';
import { storyPageUrl } from '../formats/feed-paths.js';
import { el, serializeXml } from '../formats/xml.js';
import type { SitemapDay, SitemapEntry } from '../ports.js';

/** The sitemaps.org 0.9 namespace of `urlset` and `sitemapindex`. */
export const SITEMAP_NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';
/** The sitemap index: every day sitemap and the news sitemap. */
export const SITEMAP_INDEX_KEY = 'sitemap.xml';
export const NEWS_SITEMAP_KEY = 'sitemaps/news.xml';

/** What sitemaps.org allows one sitemap file (and one URL in it). */
export interface SitemapLimits {
  readonly urls: number;
  readonly bytes: number;
  readonly locLength: number;
}

export const SITEMAP_LIMITS: SitemapLimits = {
  urls: 50_000,
  bytes: 50 * 1024 * 1024,
  locLength: 2048,
};

/** Part 1 of a day is `sitemaps/<day>.xml`; a day too big for one file goes on in `-2`, `-3` … */
export function daySitemapKey(day: string, part = 1): string {
  return part <= 1 ? `sitemaps/${day}.xml` : `sitemaps/${day}-${part}.xml`;
}

/**
 * The day's story pages as sitemaps.org `urlset` files, oldest first (id as tie-break), each
 * `loc` absolute and each `lastmod` the story's last update as a W3C datetime. A day over
 * `limits.urls` URLs or `limits.bytes` bytes is split into parts; a URL longer than the
 * protocol allows (only with an absurdly long base URL) is left out rather than break the file.
 * A day that lists nothing gives one empty `urlset`, written over the file so a removed URL
 * disappears (the index no longer lists it).
 */
export function renderDaySitemaps(
  entries: readonly SitemapEntry[],
  feedBaseUrl: string,
  limits: SitemapLimits = SITEMAP_LIMITS,
): string[] {
  // Written as text, one `url` at a time (50,000 of them through the XML tree took seconds).
  const urls = [...entries]
    .sort((a, b) => compare(a.published, b.published) || compare(a.storyId, b.storyId))
    .map((entry) => ({ loc: storyPageUrl(feedBaseUrl, entry.storyId), entry }))
    .filter(({ loc }) => loc.length <= limits.locLength)
    .map(
      ({ loc, entry }) =>
        `  <url>\n    <loc>${escapeXmlText(loc)}</loc>\n    <lastmod>${toRfc3339(entry.lastmod)}</lastmod>\n  </url>\n`,
    );
  const open = `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="${SITEMAP_NAMESPACE}">\n`;
  const close = '</urlset>\n';
  const frame = Buffer.byteLength(open) + Buffer.byteLength(close);
  const parts: string[][] = [[]];
  let bytes = frame;
  for (const url of urls) {
    const size = Buffer.byteLength(url);
    const current = parts[parts.length - 1] as string[];
    if (current.length > 0 && (current.length >= limits.urls || bytes + size > limits.bytes)) {
      parts.push([url]);
      bytes = frame + size;
    } else {
      current.push(url);
      bytes += size;
    }
  }
  return parts.map((part) =>
    part.length === 0
      ? `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="${SITEMAP_NAMESPACE}"/>\n`
      : `${open}${part.join('')}${close}`,
  );
}

/**
 * The sitemap index: every part of every day that lists a URL, newest day first, with the day's
 * `lastmod`, then the news sitemap. At most `limits.urls` sitemaps (137 years of days).
 */
export function renderSitemapIndex(
  days: readonly SitemapDay[],
  feedBaseUrl: string,
  limits: SitemapLimits = SITEMAP_LIMITS,
): string {
  const daily = [...days]
    .filter((day) => day.parts > 0)
    .sort((a, b) => compare(b.day, a.day))
    .flatMap((day) =>
      Array.from({ length: day.parts }, (_, i) =>
        el('sitemap', {}, [
          el('loc', {}, [publicUrl(feedBaseUrl, daySitemapKey(day.day, i + 1))]),
          el('lastmod', {}, [toRfc3339(day.lastmod)]),
        ]),
      ),
    )
    .slice(0, limits.urls - 1);
  const news = el('sitemap', {}, [el('loc', {}, [publicUrl(feedBaseUrl, NEWS_SITEMAP_KEY)])]);
  return serializeXml(el('sitemapindex', { xmlns: SITEMAP_NAMESPACE }, [...daily, news]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
