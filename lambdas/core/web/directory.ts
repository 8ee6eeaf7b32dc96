import { cleanLine } from '../content/clean-text.js';
import { feedNameOf, publicUrl } from '../formats/feed-document.js';
import { FEED_FORMATS, type FeedFormat, feedUrl, feedViewUrl } from '../formats/feed-paths.js';
import { el, serializeXml } from '../formats/xml.js';
import type { FeedFile } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { allFeeds } from '../story/feed-selection.js';
import { type DirectoryFeed, renderDirectoryPage } from './directory-page.js';
import { FEED_CSS } from './feed-css.js';
import { PAGE_CSS } from './html.js';
import { renderNotFoundPage } from './not-found-page.js';
import { ROBOTS_CONTENT_TYPE, ROBOTS_KEY, renderRobotsTxt } from './robots-txt.js';
import { NEWS_SITEMAP_KEY, SITEMAP_INDEX_KEY } from './sitemap-xml.js';

const MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/**
 * The files that sit beside the feeds: the HTML directory with discovery links for every feed
 * file, the OPML subscription list, robots.txt naming the sitemaps, the CSS for feeds shown as
 * XML and for the HTML pages. They depend
 * on configuration only, so they re-render to the same bytes until the configuration changes.
 */
export function renderDirectoryFiles(
  site: SiteConfig,
  feedBaseUrl: string,
): Array<FeedFile & { readonly body: string }> {
  const feeds = directoryFeeds(site, feedBaseUrl);
  return [
    {
      key: 'index.html',
      contentType: 'text/html; charset=utf-8',
      body: renderDirectoryPage(site, feeds, feedBaseUrl),
    },
    {
      key: 'feeds.opml',
      contentType: 'text/x-opml; charset=utf-8',
      body: renderOpml(site, feeds, feedBaseUrl),
    },
    {
      key: '404.html',
      contentType: 'text/html; charset=utf-8',
      body: renderNotFoundPage(site, feedBaseUrl),
    },
    { key: ROBOTS_KEY, contentType: ROBOTS_CONTENT_TYPE, body: renderRobotsTxt(feedBaseUrl) },
    { key: 'feed.css', contentType: 'text/css; charset=utf-8', body: FEED_CSS },
    { key: 'page.css', contentType: 'text/css; charset=utf-8', body: PAGE_CSS },
  ];
}

/**
 * Every feed file: each region × channel × format in configuration order, then the custom
 * feeds. `region` is the feed's slug and name (a custom feed's own for a custom feed).
 */
export function directoryFeeds(site: SiteConfig, feedBaseUrl: string): DirectoryFeed[] {
  return allFeeds(site).flatMap((feed) => {
    const name =
      site.regions.find((r) => r.slug === feed.region)?.name ??
      site.customFeeds.find((c) => c.slug === feed.region)?.name ??
      feed.region;
    const profile = site.customFeeds.find((c) => c.slug === feed.region)?.profile;
    return FEED_FORMATS.map((format) => ({
      ...(profile ? { profile } : {}),
      region: { slug: feed.region, name },
      channel: feed.channel,
      format,
      title: feedNameOf(site, feed),
      url: feedUrl(feedBaseUrl, feed.region, feed.channel, format),
      viewUrl: feedViewUrl(feedBaseUrl, feed.region, feed.channel),
      type: MEDIA_TYPES[format],
    }));
  });
}

/**
 * OPML 2.0 with one outline per feed (region × channel), pointing at its RSS file: importing the
 * list subscribes a reader once to each feed, not three times in three formats. A partner feed
 * says its profile in `category` (`/partner/smartnews`). Then one `link` outline per sitemap,
 * which feed readers pass over and crawlers' tools can read.
 */
function renderOpml(site: SiteConfig, feeds: readonly DirectoryFeed[], base: string): string {
  const title = cleanLine(site.title);
  const outlines = feeds
    .filter((feed) => feed.format === 'rss')
    .map((feed) =>
      el('outline', {
        type: 'rss',
        version: 'RSS2',
        text: `${title} — ${feed.title}`,
        title: `${title} — ${feed.title}`,
        xmlUrl: feed.url,
        htmlUrl: feed.viewUrl,
        language: site.language,
        category: feed.profile ? `/partner/${feed.profile}` : undefined,
      }),
    );
  const sitemaps = el('outline', { text: 'Sitemaps' }, [
    el('outline', { type: 'link', text: 'Sitemap index', url: publicUrl(base, SITEMAP_INDEX_KEY) }),
    el('outline', {
      type: 'link',
      text: 'Google News sitemap',
      url: publicUrl(base, NEWS_SITEMAP_KEY),
    }),
  ]);
  const head = el('head', {}, [
    el('title', {}, [`${title} feeds`]),
    el('docs', {}, ['http://opml.org/spec2.opml']),
  ]);
  const body = el('body', {}, [...outlines, sitemaps]);
  return serializeXml(el('opml', { version: '2.0' }, [head, body]));
}
