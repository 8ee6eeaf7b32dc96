import type { Channel } from '../story.js';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export const CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

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

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
