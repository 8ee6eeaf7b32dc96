/**
 * How long caches (CloudFront, and readers' own) may keep a file. Feeds: five seconds, so a
 * kill or an embargo lift reaches readers through CloudFront within seconds of the publish; an
 * expired copy is revalidated with its ETag (a 304 from S3 costs one GET request). No
 * `stale-while-revalidate`: it would let an edge serve a killed story after the five seconds.
 * `stale-if-error` keeps feeds served for a day if S3 fails. The README's "Caching" section
 * prices this against invalidating each changed path.
 */
export const FEED_MAX_AGE_SECONDS = 5;
const STALE_IF_ERROR_SECONDS = 86_400;
const PAGE_MAX_AGE_SECONDS = 300;

export function cacheControlFor(key: string): string {
  return /\.(rss|atom|json)$/.test(key)
    ? `public, max-age=${FEED_MAX_AGE_SECONDS}, stale-if-error=${STALE_IF_ERROR_SECONDS}`
    : `public, max-age=${PAGE_MAX_AGE_SECONDS}`;
}
