/** The feed formats whose fetches are counted (HTML views and archive pages are not feeds). */
export const COUNTED_FORMATS = ['rss', 'atom', 'json'] as const;
export type CountedFormat = (typeof COUNTED_FORMATS)[number];

/** One feed in one format: `okanagan/wire` as `rss`. */
export interface FeedFormat {
  /** `<region or custom feed slug>/<channel>`. */
  readonly feed: string;
  readonly format: CountedFormat;
}

const FEED_PATH = /^\/?feeds\/([a-z0-9-]{1,64})\/(local|wire)\.(rss|atom|json)$/;

/**
 * Which feed a request path (`/feeds/okanagan/wire.rss`) or file key (`feeds/…`) fetched, or
 * undefined for anything else (pages, views, archives, the directory).
 */
export function classifyFeedRequest(path: string): FeedFormat | undefined {
  const match = FEED_PATH.exec(path);
  if (!match) return undefined;
  return { feed: `${match[1]}/${match[2]}`, format: match[3] as CountedFormat };
}

/** The key a feed's counts are kept under: `okanagan/wire.rss`. */
export function feedFormatKey(target: FeedFormat): string {
  return `${target.feed}.${target.format}`;
}

/** The reverse of `feedFormatKey`. */
export function parseFeedFormatKey(key: string): FeedFormat | undefined {
  return classifyFeedRequest(`feeds/${key}`);
}
