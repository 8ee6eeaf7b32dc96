import { PreconditionFailedError, StaleReadError } from '../errors.js';
import { buildFeedDocument } from '../feed/feed-document.js';
import { FEED_FORMATS, feedKey } from '../feed/feed-paths.js';
import { renderFeedFiles } from '../feed/render-feed-files.js';
import type { Clock, FeedFile, FeedStore, StoredFile, StoryStore } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { expandFeedRefs, type FeedRef } from '../story.js';
import { type StoryTake, staleIds } from '../story-take.js';

export interface PublishDeps {
  readonly stories: StoryStore;
  readonly feeds: FeedStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  /** Public base URL of the feed files (the CloudFront URL on AWS, the local server locally). */
  readonly feedBaseUrl: string;
  /** How many feeds render at once; @default 8 */
  readonly concurrency?: number;
  /** Waits before read number `attempt` + 1 after a stale read; @default no wait */
  readonly backoff?: (attempt: number) => Promise<void>;
}

export interface PublishOptions {
  /**
   * The writes that triggered this publish (from the stream records). A listing that shows one
   * of these stories older than its take was read before the write was visible: it is read
   * again, and after `STALE_ATTEMPTS` tries the publish fails (so Lambda retries the batch)
   * rather than write a feed that still shows a killed story.
   */
  readonly takes?: readonly StoryTake[];
}

export interface PublishReport {
  readonly feeds: number;
  readonly written: number;
  readonly unchanged: number;
  readonly retries: number;
  /** Listings read again because they did not yet show a triggering write. */
  readonly staleReads: number;
  /** Keys of the files that changed, for the WebSub ping. */
  readonly changedKeys: readonly string[];
}

const MAX_ATTEMPTS = 10;
const STALE_ATTEMPTS = 6;
const DAY_MS = 86_400_000;

/**
 * Renders every feed the refs touch (`*` expands to every region) once, in all three formats.
 * A render never replaces a fresher one: each file is written with compare-and-swap against the
 * ETag read before the query, and a lost race starts that feed over, so the last write always
 * rests on a query made after every earlier write. Files whose bytes did not change are skipped.
 */
export async function publishFeeds(
  deps: PublishDeps,
  refs: Iterable<FeedRef>,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const regions = deps.site.regions.map((r) => r.slug);
  const feeds = expandFeedRefs(refs, regions).filter((f) => regions.includes(f.region));
  const takes = new Map((options.takes ?? []).map((take) => [take.id, take]));
  const results = await mapLimit(feeds, deps.concurrency ?? 8, (feed) =>
    publishOne(deps, feed, takes),
  );
  return {
    feeds: feeds.length,
    written: sum(results.map((r) => r.written.length)),
    unchanged: sum(results.map((r) => r.unchanged)),
    retries: sum(results.map((r) => r.retries)),
    staleReads: sum(results.map((r) => r.staleReads)),
    changedKeys: results.flatMap((r) => r.written),
  };
}

async function publishOne(deps: PublishDeps, feed: FeedRef, takes: Map<string, StoryTake>) {
  let retries = 0;
  let staleReads = 0;
  for (;;) {
    const current = await readCurrent(deps.feeds, feed);
    const now = deps.clock.now();
    const since = new Date(now.getTime() - deps.site.tombstoneDays * DAY_MS);
    const [stories, tombstones] = await Promise.all([
      deps.stories.listFeed(feed, now, deps.site.itemsPerFeed),
      deps.stories.listTombstones(feed, since),
    ]);
    const stale = staleIds(stories, takes);
    if (stale.length > 0) {
      if (++staleReads >= STALE_ATTEMPTS) {
        throw new StaleReadError(
          `${feed.region}/${feed.channel} still lists ${stale.join(', ')} as before the write`,
        );
      }
      await deps.backoff?.(staleReads);
      continue;
    }
    const listed = new Set(stories.map((s) => s.id));
    const doc = buildFeedDocument(
      { site: deps.site, feedBaseUrl: deps.feedBaseUrl, feed, now },
      stories,
      dedupeTombstones(tombstones.filter((t) => !listed.has(t.storyId))),
    );
    try {
      const outcome = await writeChanged(deps.feeds, renderFeedFiles(doc), current);
      return { ...outcome, retries, staleReads };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || ++retries >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Writes the files whose bytes differ from what is stored, each by compare-and-swap. */
export async function writeChanged(
  store: FeedStore,
  files: readonly FeedFile[],
  current: ReadonlyMap<string, Pick<StoredFile, 'etag' | 'body' | 'lastModified'> | undefined>,
): Promise<{ written: string[]; unchanged: number }> {
  const written: string[] = [];
  let unchanged = 0;
  for (const file of files) {
    const stored = current.get(file.key);
    if (stored?.body.equals(Buffer.from(file.body))) {
      unchanged++;
      continue;
    }
    await store.put(file, {
      ifMatch: stored?.etag ?? null,
      previousLastModified: stored?.lastModified,
    });
    written.push(file.key);
  }
  return { written, unchanged };
}

async function readCurrent(store: FeedStore, feed: FeedRef) {
  const keys = FEED_FORMATS.map((format) => feedKey(feed.region, feed.channel, format));
  const files = await Promise.all(keys.map((key) => store.get(key)));
  return new Map(keys.map((key, i) => [key, files[i]]));
}

function dedupeTombstones<T extends { storyId: string }>(tombstones: readonly T[]): T[] {
  const seen = new Set<string>();
  return tombstones.filter((t) => !seen.has(t.storyId) && seen.add(t.storyId));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
