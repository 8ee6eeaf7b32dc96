import { StaleReadError } from '../errors.js';
import type { FeedRenderer } from '../formats/feed-renderer.js';
import type { ArchiveHead, FeedHead, Tombstone } from '../ports.js';
import type { FeedSelection, SharedReads } from '../story/feed-selection.js';
import type { FeedRef, Story } from '../story/story.js';
import { type StoryTake, staleIds } from '../story/story-take.js';
import { headAll, recordCovers } from './live-files.js';
import type { PublishDeps } from './publish-deps.js';
import type { Batch } from './render-batch.js';
import type { KnownFile } from './write-changed.js';

export type RenderingDeps = PublishDeps & { readonly renderer: FeedRenderer };

const STALE_ATTEMPTS = 6;
const DAY_MS = 86_400_000;

export interface FeedState {
  readonly feed: FeedRef;
  readonly selection: FeedSelection;
  readonly head: ArchiveHead;
  readonly now: Date;
}

/** What one feed lists (newest first, above its archive cursor) and its live tombstones. */
export interface Listing extends FeedState {
  readonly stories: readonly Story[];
  readonly tombstones: readonly Tombstone[];
}

/**
 * Reads the feed's archive head with the live files' state (recorded, or from the store when
 * `fromStore` or when the record does not know them all) and then its listing, again and again
 * (after `backoff`) while the listing does not yet show one of the triggering takes; these
 * re-reads are not lost races. Counts them in `reads.stale`, across attempts. The first listing
 * is the batch's (shared reads, as of the batch's start) when `batch` is given.
 */
export async function readFresh(
  deps: RenderingDeps,
  target: {
    feed: FeedRef;
    selection: FeedSelection;
    keys: readonly string[];
    takes: Map<string, StoryTake>;
  },
  reads: { stale: number },
  options: { fromStore: boolean; batch?: Batch },
): Promise<{
  head: FeedHead;
  current: ReadonlyMap<string, KnownFile | undefined>;
  listing: Listing;
}> {
  const { feed, selection, keys, takes } = target;
  let asking = options.fromStore;
  let batch = options.batch;
  for (;;) {
    // In this order: a head moved by a publisher that then wrote the feed is seen with its ETag.
    const stored = asking ? await headAll(deps.feeds, keys) : undefined;
    const head = await deps.stories.getFeedHead(feed);
    if (!stored && !recordCovers(head.live, keys)) {
      asking = true;
      continue;
    }
    const now = batch?.now ?? deps.clock.now();
    const state = { feed, selection, head: head.archive, now };
    const listing = await readListing(deps, state, batch?.shared);
    batch = undefined;
    const stale = staleIds(listing.stories, takes);
    if (stale.length === 0) return { head, current: stored ?? head.live.files, listing };
    if (++reads.stale >= STALE_ATTEMPTS) {
      throw new StaleReadError(
        `${feed.region}/${feed.channel} still lists ${stale.join(', ')} as before the write`,
      );
    }
    await deps.backoff?.(reads.stale);
  }
}

export async function readListing(
  deps: RenderingDeps,
  state: FeedState,
  shared?: SharedReads,
): Promise<Listing> {
  const { selection, head, now } = state;
  const since = new Date(now.getTime() - deps.site.tombstoneDays * DAY_MS);
  const [stories, tombstones] = await Promise.all([
    deps.stories.listFeed(selection, now, liveLimit(deps), head.cursor, shared),
    deps.stories.listTombstones(selection, since, shared),
  ]);
  return { ...state, stories, tombstones };
}

/** One more than the live document ever holds: a listing this long closes a page. */
export function liveLimit(deps: RenderingDeps): number {
  return deps.site.itemsPerFeed + deps.site.archivePageSize;
}
