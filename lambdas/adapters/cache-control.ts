/**
 * How long caches (CloudFront, and readers' own) may keep a file. Every document that can carry
 * a story (feeds, archive pages, story pages, HTML views, and with them the directory and OPML):
 * five seconds, so a kill or an embargo lift reaches readers through CloudFront within seconds
 * of the publish, whichever URL they read it at; an expired copy is revalidated with its ETag
 * (a 304 from S3 costs one GET request). No `stale-while-revalidate`: it would let an edge serve a
 * killed story after the five seconds. `stale-if-error` keeps them served through a short S3
 * failure, for a minute at most, so a killed story is not served for long from a stale copy.
 * Only the stylesheets, which carry no story, are kept for minutes. The README's "Caching"
 * section prices this against invalidating each changed path.
 */
export const FEED_MAX_AGE_SECONDS = 5;
/** The longest any document that can carry a killed story is served stale while S3 fails. */
export const STALE_IF_ERROR_SECONDS = 60;
const STYLESHEET_MAX_AGE_SECONDS = 300;

export function cacheControlFor(key: string): string {
  return /\.(css|xsl)$/.test(key)
    ? `public, max-age=${STYLESHEET_MAX_AGE_SECONDS}`
    : `public, max-age=${FEED_MAX_AGE_SECONDS}, stale-if-error=${STALE_IF_ERROR_SECONDS}`;
}
