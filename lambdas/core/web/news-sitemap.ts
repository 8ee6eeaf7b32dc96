import { cleanLine } from '../content/clean-text.js';
import { toRfc3339 } from '../formats/dates.js';
import { storyPageUrl } from '../formats/feed-paths.js';
import { el, serializeXml } from '../formats/xml.js';
import type { SitemapEntry } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { SITEMAP_NAMESPACE } from './sitemap-xml.js';

/** Google's News sitemap extension namespace. */
export const NEWS_NAMESPACE = 'http://www.google.com/schemas/sitemap-news/0.9';
/** Google News reads articles of the last two days from a News sitemap ... */
export const NEWS_WINDOW_MS = 48 * 3_600_000;
/** ... and at most 1,000 `url` elements per News sitemap. */
export const NEWS_MAX_URLS = 1000;

/**
 * The entries the News sitemap lists at `now`: published within the last 48 hours (and not
 * after `now`), newest first (id as tie-break), at most 1,000.
 */
export function newsSitemapEntries(entries: readonly SitemapEntry[], now: Date): SitemapEntry[] {
  const to = now.getTime();
  const from = to - NEWS_WINDOW_MS;
  return entries
    .filter((entry) => {
      const at = Date.parse(entry.published);
      return at > from && at <= to;
    })
    .sort(
      (a, b) =>
        Date.parse(b.published) - Date.parse(a.published) || (a.storyId < b.storyId ? -1 : 1),
    )
    .slice(0, NEWS_MAX_URLS);
}

/**
 * The Google News sitemap: each story page with `news:publication` (the site's name and the
 * story's ISO 639 language), `news:publication_date` (its feed date) and `news:title` (the
 * headline). An empty window gives an empty `urlset`, which Google accepts.
 */
export function renderNewsSitemap(
  site: SiteConfig,
  feedBaseUrl: string,
  entries: readonly SitemapEntry[],
): string {
  const name = cleanLine(site.title);
  const urls = entries.map((entry) =>
    el('url', {}, [
      el('loc', {}, [storyPageUrl(feedBaseUrl, entry.storyId)]),
      el('news:news', {}, [
        el('news:publication', {}, [
          el('news:name', {}, [name]),
          el('news:language', {}, [newsLanguageOf(entry.language)]),
        ]),
        el('news:publication_date', {}, [toRfc3339(entry.published)]),
        el('news:title', {}, [cleanLine(entry.title)]),
      ]),
    ]),
  );
  return serializeXml(
    el('urlset', { xmlns: SITEMAP_NAMESPACE, 'xmlns:news': NEWS_NAMESPACE }, urls),
  );
}

/**
 * The ISO 639 code Google News wants from a BCP 47 tag: the primary language subtag in lower
 * case (`fr-CA` → `fr`), except Chinese, which Google asks for as `zh-cn` (Simplified) or
 * `zh-tw` (Traditional).
 */
export function newsLanguageOf(tag: string): string {
  const subtags = tag.toLowerCase().split('-');
  const primary = subtags[0] ?? tag.toLowerCase();
  if (primary !== 'zh') return primary;
  const traditional = subtags.some((s) => s === 'hant' || s === 'tw' || s === 'hk' || s === 'mo');
  return traditional ? 'zh-tw' : 'zh-cn';
}
