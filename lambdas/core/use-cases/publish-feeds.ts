import { archivePageUrls } from '../archive/archive-document.js';
import { isLostWriteRace } from '../errors.js';
import type { FeedDocument } from '../formats/feed-document.js';
import { FEED_FORMATS, feedViewKey, HTML_CONTENT_TYPE } from '../formats/feed-paths.js';
import type { SiteConfig } from '../site-config.js';
import { concreteFeeds, selectionOf } from '../story/feed-selection.js';
import type { FeedRef, Story } from '../story/story.js';
import type { StoryTake } from '../story/story-take.js';
import { renderFeedView } from '../web/feed-view.js';
import { differsFromRecord, liveKeys } from './live-files.js';
import { mapLimit } from './map-limit.js';
import { publishClosedPage } from './publish-archives.js';
import { type PublishDeps, withRenderer } from './publish-deps.js';
import {
  type Listing,
  liveLimit,
  type RenderingDeps,
  readFresh,
  readListing,
} from './read-feed.js';
import { type Batch, startBatch } from './render-batch.js';
import { changesOf, type FeedItemChanges, replacedJson } from './replaced-items.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { writeChanged } from './write-changed.js';

export interface PublishOptions {
  /**
   * The writes that triggered this publish (from the stream records). A listing that shows one
   * of these stories older than its take was read before the write was visible: it is read
   * again, and after `STALE_ATTEMPTS` tries the publish fails (so Lambda retries the batch)
   * rather than write a feed that still shows a killed story.
   */
  readonly takes?: readonly StoryTake[];
  /**
   * Reads the live files' state from the store (HEAD) instead of trusting the feed's record,
   * as a rebuild must: a file deleted behind the record's back is then written again.
   */
  readonly verify?: boolean;
  /** Report which items each written feed gained, changed or lost by a kill (partner push). */
  readonly itemChanges?: boolean;
  /**
   * The batch of renders this one began with (see `Batch`): other feeds' renders that share
   * its reads. @default a batch of this publish's own feeds
   */
  readonly batch?: Batch;
}

export interface PublishReport {
  readonly feeds: number;
  readonly written: number;
  readonly unchanged: number;
  readonly retries: number;
  /** Listings read again because they did not yet show a triggering write. */
  readonly staleReads: number;
  /** Keys of the feed files (RSS, Atom, JSON Feed) that changed, for the WebSub ping. */
  readonly changedKeys: readonly string[];
  /** The stories the published feeds list (a rebuild renders their pages). */
  readonly storyIds: readonly string[];
  /** With `options.itemChanges`: per feed whose JSON Feed was written, what changed. */
  readonly itemChanges?: readonly FeedItemChanges[];
}

/**
 * Renders every concrete feed the refs touch (`*` expands to every region; custom feeds that
 * select a touched region come along) once, in all three formats plus the HTML view. A render
 * never replaces a fresher one: each file is written with compare-and-swap against the ETag
 * known before the query, and a lost race starts that feed over, so the last write always rests
 * on a query made after every earlier write. Files whose bytes did not change are skipped.
 *
 * No read before a write: the feed's writer is alone (one render per feed at a time), so it
 * records each live file's ETag, content hash and Last-Modified bound beside the archive head
 * and reads them back with it. A file the record does not know, every attempt after a lost
 * race, and a `verify` publish (a rebuild) ask the store instead (HEAD, never the body). A
 * render that fails after it may have written empties the record, so the next one asks too.
 *
 * A feed lists only what is newer than its archive cursor: between `itemsPerFeed` and
 * `itemsPerFeed + archivePageSize - 1` stories. When it reaches the upper bound its oldest
 * `archivePageSize` stories move at once into a new RFC 5005 archive page, which is written
 * then (with the page before it, which gains its `next-archive` link) and left alone after, so
 * archiving costs a fraction of a write per story. What the size budget cuts from the live
 * document closes pages too, so every story stays in some document. Then the feed renders
 * again, linking its newest archive page.
 */
export async function publishFeeds(
  deps: PublishDeps,
  refs: Iterable<FeedRef>,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const feeds = concreteFeeds(deps.site, refs);
  const takes = new Map((options.takes ?? []).map((take) => [take.id, take]));
  const rendering = withRenderer(deps);
  const verify = options.verify ?? false;
  const batch = options.batch ?? startBatch(deps);
  const trackItems = options.itemChanges === true;
  const results = await mapLimit(feeds, deps.concurrency ?? 8, (feed) =>
    publishOne(rendering, feed, { takes, verify, trackItems, batch }),
  );
  const formats = new Set(FEED_FORMATS.map((f) => `.${f}`));
  const written = results.flatMap((r) => r.written);
  return {
    feeds: feeds.length,
    written: written.length,
    unchanged: sum(results.map((r) => r.unchanged)),
    retries: sum(results.map((r) => r.retries)),
    staleReads: sum(results.map((r) => r.staleReads)),
    changedKeys: written.filter(
      (key) => !key.includes('/archive/') && formats.has(key.slice(key.lastIndexOf('.'))),
    ),
    storyIds: [...new Set(results.flatMap((r) => r.storyIds))],
    ...(options.itemChanges ? { itemChanges: results.flatMap((r) => r.itemChanges) } : {}),
  };
}

async function publishOne(
  deps: RenderingDeps,
  feed: FeedRef,
  options: { takes: Map<string, StoryTake>; verify: boolean; trackItems: boolean; batch: Batch },
) {
  const selection = selectionOf(deps.site, feed);
  const keys = liveKeys(feed);
  const archived: string[] = [];
  const reads = { stale: 0 };
  let writing = false;
  try {
    return await retryOnConflict(
      async (retries) => {
        const target = { feed, selection, keys, takes: options.takes };
        const fromStore = options.verify || retries > 0;
        const batch = retries === 0 ? options.batch : undefined;
        const { head, current, listing } = await readFresh(deps, target, reads, {
          fromStore,
          batch,
        });
        const { doc, files, stories } = await archiveWhatFallsOut(deps, listing, archived);
        const view = {
          key: feedViewKey(feed.region, feed.channel),
          contentType: HTML_CONTENT_TYPE,
          body: renderFeedView(doc, deps.feedBaseUrl),
        };
        writing = true;
        const before = options.trackItems && (await replacedJson(deps.feeds, feed, files, current));
        const outcome = await writeChanged(deps.feeds, [...files, view], current);
        if (differsFromRecord(head.live, outcome.states)) {
          await deps.stories.recordLiveFiles(feed, outcome.states, head.live);
        }
        writing = false;
        return {
          written: [...archived, ...outcome.written],
          unchanged: outcome.unchanged,
          retries,
          staleReads: reads.stale,
          storyIds: stories.map((s) => s.id),
          itemChanges: before ? changesOf(feed, doc, before, outcome.written) : [],
        };
      },
      { isLostRace: isLostWriteRace },
    );
  } catch (error) {
    // Some writes may have landed unrecorded: the next render must not trust the record.
    if (writing) await deps.stories.forgetLiveFiles(feed);
    throw error;
  }
}

/**
 * Closes archive pages while the feed lists `itemsPerFeed + archivePageSize` stories or more
 * (each takes the oldest `archivePageSize`), then renders it; what the size budget cuts (older
 * than the oldest item every format kept) closes pages too. Returns the feed's document and
 * files as they stand after. Closed pages are written (their keys pushed to `archived`).
 */
async function archiveWhatFallsOut(deps: RenderingDeps, first: Listing, archived: string[]) {
  let listing = first;
  for (;;) {
    if (listing.stories.length >= liveLimit(deps)) {
      const closed = await closePage(deps, listing);
      if (closed) {
        archived.push(...(await publishClosedPage(deps, closed)));
        listing = await readListing(deps, { ...listing, head: closed.head });
        continue;
      }
    }
    const doc = documentOf(deps, listing);
    const { files, kept } = deps.renderer.renderFeed(doc);
    const oldestKept = doc.items[kept - 1];
    const cut = kept < doc.items.length && oldestKept;
    const before = cut ? listing.stories.find((s) => s.id === oldestKept.storyId) : undefined;
    if (!before) return { doc, files, stories: listing.stories };
    let head = listing.head;
    for (;;) {
      const closed = await closePage(deps, { ...listing, head }, before);
      if (!closed) break;
      archived.push(...(await publishClosedPage(deps, closed)));
      head = closed.head;
    }
    const left = listing.stories.indexOf(before) + 1;
    listing = { ...listing, head, stories: listing.stories.slice(0, left) };
  }
}

function closePage(deps: RenderingDeps, listing: Listing, before?: Story) {
  const { feed, selection, head, now } = listing;
  const size = deps.site.archivePageSize;
  return deps.stories.closeArchivePage({ feed, selection, head, now, size, before });
}

const liveSites = new WeakMap<SiteConfig, SiteConfig>();

/** The site as the live document sees it: room for every story it may list. */
function liveSiteOf(deps: RenderingDeps): SiteConfig {
  let site = liveSites.get(deps.site);
  if (!site) {
    site = { ...deps.site, itemsPerFeed: liveLimit(deps) - 1 };
    liveSites.set(deps.site, site);
  }
  return site;
}

function documentOf(deps: RenderingDeps, listing: Listing): FeedDocument {
  const { feed, now, stories, tombstones, head } = listing;
  const listed = new Set(stories.map((s) => s.id));
  const built = deps.renderer.document(
    { site: liveSiteOf(deps), feedBaseUrl: deps.feedBaseUrl, feed, now },
    stories,
    dedupeTombstones(tombstones.filter((t) => !listed.has(t.storyId))),
  );
  return head.pages > 0
    ? { ...built, prevArchiveUrls: archivePageUrls(deps.feedBaseUrl, feed, head.pages) }
    : built;
}

function dedupeTombstones<T extends { storyId: string }>(tombstones: readonly T[]): T[] {
  const seen = new Set<string>();
  return tombstones.filter((t) => !seen.has(t.storyId) && seen.add(t.storyId));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
