import type { FeedDocument } from '../formats/feed-document.js';
import { archiveUrl, FEED_FORMATS, type FeedFormat } from '../formats/feed-paths.js';
import type { FeedRef } from '../story/story.js';

/** The archive page (1 = oldest) that holds archive item `number`. */
export function archivePageOf(number: number, pageSize: number): number {
  return Math.ceil(number / pageSize);
}

/** The three URLs of one archive page. */
export function archivePageUrls(
  feedBaseUrl: string,
  feed: FeedRef,
  page: number,
): Record<FeedFormat, string> {
  return Object.fromEntries(
    FEED_FORMATS.map((format) => [format, archiveUrl(feedBaseUrl, feed, page, format)]),
  ) as Record<FeedFormat, string>;
}

/**
 * Turns the document of some archived stories into archive page `page`: its own URLs as self,
 * the live feed as `current`, the next older page as `prev-archive`, the next newer one (when
 * `newestPage` is past this one) as `next-archive`; no tombstones and no hub
 * (archive pages are fetched once, not subscribed to).
 */
export function toArchiveDocument(
  doc: FeedDocument,
  feedBaseUrl: string,
  page: number,
  newestPage = page,
): FeedDocument {
  return {
    ...doc,
    title: `${doc.title} (archive ${page})`,
    feedUrls: archivePageUrls(feedBaseUrl, doc.feed, page),
    currentUrls: doc.feedUrls,
    prevArchiveUrls: page > 1 ? archivePageUrls(feedBaseUrl, doc.feed, page - 1) : undefined,
    nextArchiveUrls:
      newestPage > page ? archivePageUrls(feedBaseUrl, doc.feed, page + 1) : undefined,
    hubUrl: undefined,
    tombstones: [],
  };
}
