import type { Channel } from '../story/story.js';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export const CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** The store key (and URL path without the leading slash) of one feed file. */
export function feedKey(region: string, channel: Channel, format: FeedFormat): string {
  return `feeds/${region}/${channel}.${format}`;
}

/** The public URL of one feed file under the feeds base URL. */
export function feedUrl(
  feedBaseUrl: string,
  region: string,
  channel: Channel,
  format: FeedFormat,
): string {
  return new URL(feedKey(region, channel, format), withSlash(feedBaseUrl)).href;
}

/** The pre-rendered HTML view of one feed, beside its three formats. */
export function feedViewKey(region: string, channel: Channel): string {
  return `feeds/${region}/${channel}.html`;
}

export function feedViewUrl(feedBaseUrl: string, region: string, channel: Channel): string {
  return new URL(feedViewKey(region, channel), withSlash(feedBaseUrl)).href;
}

/**
 * A story's public page. `/pages/…` is outside both the ingest API (`/stories/…`, which is a
 * different host on AWS but the same server locally) and the feed files (`/feeds/…`), so no
 * story id can collide with either. Story ids are letters, digits, `.` `_` `:` `-`, all legal
 * in a path segment as they are.
 */
export function storyPageKey(storyId: string): string {
  return `pages/${storyId}.html`;
}

export function storyPageUrl(feedBaseUrl: string, storyId: string): string {
  return new URL(storyPageKey(storyId), withSlash(feedBaseUrl)).href;
}

/** Archive page `page` (1 = the oldest) of one feed, RFC 5005. */
export function archiveKey(
  region: string,
  channel: Channel,
  page: number,
  format: FeedFormat,
): string {
  return `feeds/${region}/${channel}/archive/${page}.${format}`;
}

/** The HTML view of an archive page, beside its three formats. */
export function archiveViewKey(region: string, channel: Channel, page: number): string {
  return `feeds/${region}/${channel}/archive/${page}.html`;
}

export function archiveUrl(
  feedBaseUrl: string,
  feed: { readonly region: string; readonly channel: Channel },
  page: number,
  format: FeedFormat,
): string {
  return new URL(archiveKey(feed.region, feed.channel, page, format), withSlash(feedBaseUrl)).href;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
