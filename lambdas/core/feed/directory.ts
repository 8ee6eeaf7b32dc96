import type { FeedFile } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { CHANNELS, type Channel } from '../story.js';
import { cleanLine } from './clean-text.js';
import { renderDirectoryPage } from './directory-page.js';
import { FEED_CSS } from './feed-css.js';
import { CHANNEL_LABELS, publicUrl } from './feed-document.js';
import { absoluteUrl } from './feed-item.js';
import { FEED_FORMATS, type FeedFormat, feedUrl } from './feed-paths.js';
import { FEED_XSL } from './feed-xsl.js';
import { el, serializeXml } from './xml.js';

/** One published feed file, as the directory lists it. */
export interface DirectoryFeed {
  readonly region: { readonly slug: string; readonly name: string };
  readonly channel: Channel;
  readonly format: FeedFormat;
  /** e.g. "Okanagan: Local news" */
  readonly title: string;
  readonly url: string;
  /** The media type without parameters, for `<link rel="alternate" type=…>`. */
  readonly type: string;
}

const MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/**
 * The files that sit beside the feeds: the HTML directory with discovery links for every feed
 * file, the OPML subscription list, the XSLT page for browsers and its CSS fallback. They depend
 * on configuration only, so they re-render to the same bytes until the configuration changes.
 */
export function renderDirectoryFiles(site: SiteConfig, feedBaseUrl: string): FeedFile[] {
  const feeds = directoryFeeds(site, feedBaseUrl);
  return [
    {
      key: 'index.html',
      contentType: 'text/html; charset=utf-8',
      body: renderDirectoryPage(site, feeds, publicUrl(feedBaseUrl, 'feeds.opml')),
    },
    { key: 'feeds.opml', contentType: 'text/x-opml; charset=utf-8', body: renderOpml(site, feeds) },
    // Chromium applies the stylesheet under either XSLT type; this is the registered one.
    { key: 'feed.xsl', contentType: 'application/xslt+xml; charset=utf-8', body: FEED_XSL },
    { key: 'feed.css', contentType: 'text/css; charset=utf-8', body: FEED_CSS },
  ];
}

/** Every feed file: each region × channel × format, in configuration order. */
export function directoryFeeds(site: SiteConfig, feedBaseUrl: string): DirectoryFeed[] {
  return site.regions.flatMap((region) =>
    CHANNELS.flatMap((channel) =>
      FEED_FORMATS.map((format) => ({
        region,
        channel,
        format,
        title: cleanLine(`${region.name}: ${CHANNEL_LABELS[channel]}`),
        url: feedUrl(feedBaseUrl, region.slug, channel, format),
        type: MEDIA_TYPES[format],
      })),
    ),
  );
}

/**
 * OPML 2.0 with one outline per feed (region × channel), pointing at its RSS file: importing the
 * list subscribes a reader once to each feed, not three times in three formats.
 */
function renderOpml(site: SiteConfig, feeds: readonly DirectoryFeed[]): string {
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
        htmlUrl: absoluteUrl(site.baseUrl),
        language: site.language,
      }),
    );
  const head = el('head', {}, [
    el('title', {}, [`${title} feeds`]),
    el('docs', {}, ['http://opml.org/spec2.opml']),
  ]);
  return serializeXml(el('opml', { version: '2.0' }, [head, el('body', {}, outlines)]));
}
