import { toArchiveDocument } from '../archive/archive-document.js';
import { isLostWriteRace } from '../errors.js';
import {
  archiveKey,
  archiveViewKey,
  FEED_FORMATS,
  HTML_CONTENT_TYPE,
} from '../formats/feed-paths.js';
import type { ArchiveHead, ArchivePage } from '../ports.js';
import { concreteFeeds, matchesSelection, selectionOf } from '../story/feed-selection.js';
import type { FeedRef, Story } from '../story/story.js';
import { renderFeedView } from '../web/feed-view.js';
import { headAll } from './live-files.js';
import { mapLimit } from './map-limit.js';
import { type PublishDeps, withRenderer } from './publish-deps.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { writeChanged } from './write-changed.js';

type RenderingDeps = ReturnType<typeof withRenderer>;

/** What an archive page publish did: the keys written and the stories the page lists. */
export interface ArchivePageReport {
  readonly written: string[];
  readonly storyIds: string[];
}

/**
 * Writes a page the feed has just closed and rewrites the page before it, which gains its
 * `next-archive` link; from then on both are left alone unless a story in their span changes.
 * The page's stories are read again after the close: a story written into its span while the
 * close was under way is on it. Returns the keys written.
 */
export async function publishClosedPage(
  deps: RenderingDeps,
  closed: { head: ArchiveHead; page: ArchivePage },
): Promise<string[]> {
  const { page, head } = closed;
  const { written } = await publishArchivePage(deps, page, head.pages);
  const previous =
    page.after === undefined
      ? undefined
      : await deps.stories.archivePageEndingAt(page.feed, page.after);
  if (!previous) return written;
  return [...written, ...(await publishArchivePage(deps, previous, head.pages)).written];
}

/**
 * Renders one archive page from what the store holds now (a kill, withhold, expiry or move out
 * of the feed drops a story; late copy in its span joins it) and writes the formats whose bytes
 * changed, each by compare-and-swap. `newestPage` decides its `next-archive` link.
 */
export async function publishArchivePage(
  deps: RenderingDeps,
  page: ArchivePage,
  newestPage: number,
): Promise<ArchivePageReport> {
  const selection = selectionOf(deps.site, page.feed);
  let listed: Story[] = [];
  const written = await writePage(deps, page, newestPage, async () => {
    listed = await deps.stories.listArchivePage(selection, page, deps.clock.now());
    return listed;
  });
  return { written, storyIds: listed.map((s) => s.id) };
}

/**
 * Re-renders the archive pages that hold, or held, any of these stories (after they changed):
 * the pages recorded for them (only `archivable` ones can have any: not a story's first write),
 * and the page whose span holds each one's date in each feed it selects (late copy, or a date
 * moved into another page). Records the changed stories now on a page. With `feeds`, only
 * the pages of those concrete feeds (a per-feed publisher handles its own feed's pages).
 */
export async function refreshArchives(
  deps: PublishDeps,
  changed: {
    readonly storyIds: Iterable<string>;
    readonly archivable?: Iterable<string>;
    readonly feeds?: Iterable<FeedRef>;
    /**
     * The changed stories as this publish already read them (undefined: not stored), so they
     * are not read again; the others are read here.
     */
    readonly read?: ReadonlyMap<string, Story | undefined>;
  },
): Promise<string[]> {
  const rendering = withRenderer(deps);
  const only = changed.feeds && new Set([...changed.feeds].map(feedId));
  const ids = [...new Set(changed.storyIds)];
  const archivable = new Set(changed.archivable ?? ids);
  const heads = new Map<string, Promise<ArchiveHead>>();
  const headOf = (feed: FeedRef) => {
    const key = feedId(feed);
    if (!heads.has(key)) heads.set(key, deps.stories.getArchiveHead(feed));
    return heads.get(key) as Promise<ArchiveHead>;
  };
  const found = await mapLimit(ids, 8, (id) =>
    pagesTouching(rendering, { id, archivable: archivable.has(id), only, read: changed.read }),
  );
  const pages = new Map<string, ArchivePage>();
  for (const page of found.flatMap((f) => [...f.recorded, ...f.holding])) {
    if (!only || only.has(feedId(page.feed))) pages.set(pageId(page), page);
  }
  const recorded = new Set(
    found.flatMap((f) => f.recorded.map((page) => `${f.id}\u0000${pageId(page)}`)),
  );
  const changedIds = new Set(ids);
  const written = await mapLimit([...pages.values()], 4, async (page) => {
    const report = await publishArchivePage(rendering, page, (await headOf(page.feed)).pages);
    const unrecorded = report.storyIds.filter(
      (id) => changedIds.has(id) && !recorded.has(`${id}\u0000${pageId(page)}`),
    );
    if (unrecorded.length > 0) await deps.stories.recordArchivePositions(page, unrecorded);
    return report.written;
  });
  return written.flat();
}

/** The pages a changed story may be on, or have been on. */
async function pagesTouching(
  deps: RenderingDeps,
  input: {
    id: string;
    archivable: boolean;
    only?: ReadonlySet<string>;
    read?: ReadonlyMap<string, Story | undefined>;
  },
) {
  const { id, read } = input;
  const [story, recorded] = await Promise.all([
    read?.has(id) ? read.get(id) : deps.stories.get(id),
    input.archivable ? deps.stories.archivePositions(id) : [],
  ]);
  if (!story) return { id, recorded, holding: [] };
  // Every feed its regions and channel select, listed or not: a killed story's page is found
  // by its date even if its position was never recorded.
  const feeds = concreteFeeds(
    deps.site,
    story.regions.map((region) => ({ region, channel: story.channel })),
  ).filter(
    (feed) =>
      (!input.only || input.only.has(feedId(feed))) &&
      matchesSelection(story, selectionOf(deps.site, feed)),
  );
  // All the feeds' heads in one read (BatchGets of 100: a `*` story's 150 regions are two).
  const holding = feeds.length > 0 ? await deps.stories.pagesHolding(feeds, story) : [];
  return {
    id,
    recorded,
    holding: holding.filter((page): page is ArchivePage => page !== undefined),
  };
}

function feedId(feed: FeedRef): string {
  return `${feed.region}/${feed.channel}`;
}

function pageId(page: ArchivePage): string {
  return `${feedId(page.feed)}/${page.number}`;
}

async function writePage(
  deps: RenderingDeps,
  page: ArchivePage,
  newestPage: number,
  storiesOf: (retries: number) => Promise<readonly Story[]>,
): Promise<string[]> {
  const { feed, number } = page;
  const viewKey = archiveViewKey(feed.region, feed.channel, number);
  const keys = [
    ...FEED_FORMATS.map((format) => archiveKey(feed.region, feed.channel, number, format)),
    viewKey,
  ];
  return retryOnConflict(
    async (retries) => {
      const current = await headAll(deps.feeds, keys);
      const stories = await storiesOf(retries);
      const site = { ...deps.site, itemsPerFeed: Math.max(stories.length, 1) };
      const now = deps.clock.now();
      const doc = toArchiveDocument(
        deps.renderer.document({ site, feedBaseUrl: deps.feedBaseUrl, feed, now }, stories, []),
        deps.feedBaseUrl,
        number,
        newestPage,
      );
      const files = [
        ...deps.renderer.renderArchiveFiles(doc, (format) =>
          archiveKey(feed.region, feed.channel, number, format),
        ),
        // Its view, for a reader paging back in a browser from the live feed's view.
        {
          key: viewKey,
          contentType: HTML_CONTENT_TYPE,
          body: renderFeedView(doc, deps.feedBaseUrl),
        },
      ];
      return (await writeChanged(deps.feeds, files, current)).written;
    },
    { isLostRace: isLostWriteRace },
  );
}
