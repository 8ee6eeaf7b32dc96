import { archivePageOf, toArchiveDocument } from '../archive/archive-document.js';
import { isLostWriteRace } from '../errors.js';
import { archiveKey, FEED_FORMATS } from '../formats/feed-paths.js';
import { matchesSelection, selectionOf } from '../story/feed-selection.js';
import type { FeedRef } from '../story/story.js';
import { isVisibleAt } from '../story/story-rules.js';
import { mapLimit } from './map-limit.js';
import { type PublishDeps, withRenderer } from './publish-deps.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { writeChanged } from './write-changed.js';

/**
 * The archive pages that items `from + 1` … `to` fall on, and the page before them when they
 * start a new one: it gains its `next-archive` link.
 */
export function archivePagesBetween(from: number, to: number, pageSize: number): number[] {
  if (to <= from) return [];
  const opensPage = from > 0 && from % pageSize === 0;
  const first = archivePageOf(from + 1, pageSize) - (opensPage ? 1 : 0);
  const last = archivePageOf(to, pageSize);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * Renders archive pages of one feed in all three formats and writes those whose bytes changed,
 * each by compare-and-swap. A page lists the archived stories numbered on it that are still
 * visible and still in the feed: a kill, withhold, expiry or move out of the feed drops the
 * story from the one page that holds it. Returns the keys written.
 */
export async function publishArchivePages(
  deps: PublishDeps,
  feed: FeedRef,
  pages: readonly number[],
): Promise<string[]> {
  const rendering = withRenderer(deps);
  const written = await mapLimit(pages, 4, (page) => publishArchivePage(rendering, feed, page));
  return written.flat();
}

/** Re-renders the archive pages that hold any of these stories (after they changed). */
export async function refreshArchives(
  deps: PublishDeps,
  storyIds: Iterable<string>,
): Promise<string[]> {
  const positions = await mapLimit([...new Set(storyIds)], 8, (id) =>
    deps.stories.archivePositions(id),
  );
  const pages = new Map<string, { feed: FeedRef; page: number }>();
  for (const position of positions.flat()) {
    const page = archivePageOf(position.number, deps.site.archivePageSize);
    pages.set(`${position.feed.region}/${position.feed.channel}/${page}`, {
      feed: position.feed,
      page,
    });
  }
  const rendering = withRenderer(deps);
  const written = await mapLimit([...pages.values()], 4, ({ feed, page }) =>
    publishArchivePage(rendering, feed, page),
  );
  return written.flat();
}

async function publishArchivePage(
  deps: ReturnType<typeof withRenderer>,
  feed: FeedRef,
  page: number,
): Promise<string[]> {
  return retryOnConflict(
    async () => {
      const { files, current } = await renderArchivePage(deps, feed, page);
      return (await writeChanged(deps.feeds, files, current)).written;
    },
    { isLostRace: isLostWriteRace },
  );
}

/** Reads the page's stored files (to write against) and then its stories, and renders it. */
async function renderArchivePage(
  deps: ReturnType<typeof withRenderer>,
  feed: FeedRef,
  page: number,
) {
  const size = deps.site.archivePageSize;
  const selection = selectionOf(deps.site, feed);
  const keys = FEED_FORMATS.map((format) => archiveKey(feed.region, feed.channel, page, format));
  const stored = await Promise.all(keys.map((key) => deps.feeds.get(key)));
  const current = new Map(keys.map((key, i) => [key, stored[i]]));
  const now = deps.clock.now();
  const [archived, head] = await Promise.all([
    deps.stories.listArchive(feed, (page - 1) * size + 1, page * size),
    deps.stories.getArchiveHead(feed),
  ]);
  const stories = archived.filter((s) => isVisibleAt(s, now) && matchesSelection(s, selection));
  const site = { ...deps.site, itemsPerFeed: size };
  const doc = toArchiveDocument(
    deps.renderer.document({ site, feedBaseUrl: deps.feedBaseUrl, feed, now }, stories, []),
    deps.feedBaseUrl,
    page,
    archivePageOf(head.count, size),
  );
  const files = deps.renderer.renderArchiveFiles(doc, (format) =>
    archiveKey(feed.region, feed.channel, page, format),
  );
  return { files, current };
}
