import { contentHashOf } from '../content-hash.js';
import { PreconditionFailedError } from '../errors.js';
import { FEED_FORMATS, feedKey } from '../feed/feed-paths.js';
import type { FeedRenderer } from '../feed/feed-renderer.js';
import { loadFeedRenderer } from '../feed/load-feed-renderer.js';
import type { Clock, FeedFile, FeedStore, StoredFileHead, StoryStore } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import type { FeedRef } from '../story.js';
import { expandFeedRefs } from '../story-rules.js';

export interface PublishDeps {
  readonly stories: StoryStore;
  readonly feeds: FeedStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  /** Public base URL of the feed files (the CloudFront URL on AWS, the local server locally). */
  readonly feedBaseUrl: string;
  /** How many feeds render at once; @default 8 */
  readonly concurrency?: number;
  /**
   * The renderer, asked for only when a feed is to be rendered. Keep one per publisher, so a
   * warm publisher reuses what it rendered before. @default a new one per call
   */
  readonly renderer?: () => Promise<FeedRenderer>;
}

export interface PublishReport {
  readonly feeds: number;
  readonly written: number;
  readonly unchanged: number;
  readonly retries: number;
  /** Keys of the files that changed, for the WebSub ping. */
  readonly changedKeys: readonly string[];
}

const MAX_ATTEMPTS = 10;
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
): Promise<PublishReport> {
  const regions = deps.site.regions.map((r) => r.slug);
  const feeds = expandFeedRefs(refs, regions).filter((f) => regions.includes(f.region));
  if (feeds.length === 0)
    return { feeds: 0, written: 0, unchanged: 0, retries: 0, changedKeys: [] };
  const renderer = await (deps.renderer ?? loadFeedRenderer)();
  const withRenderer = { ...deps, render: renderer };
  const results = await mapLimit(feeds, deps.concurrency ?? 8, (feed) =>
    publishOne(withRenderer, feed),
  );
  return {
    feeds: feeds.length,
    written: sum(results.map((r) => r.written.length)),
    unchanged: sum(results.map((r) => r.unchanged)),
    retries: sum(results.map((r) => r.retries)),
    changedKeys: results.flatMap((r) => r.written),
  };
}

async function publishOne(deps: PublishDeps & { render: FeedRenderer }, feed: FeedRef) {
  for (let attempt = 0; ; attempt++) {
    const current = await readCurrent(deps.feeds, feed);
    const now = deps.clock.now();
    const since = new Date(now.getTime() - deps.site.tombstoneDays * DAY_MS);
    const [stories, tombstones] = await Promise.all([
      deps.stories.listFeed(feed, now, deps.site.itemsPerFeed),
      deps.stories.listTombstones(feed, since),
    ]);
    const listed = new Set(stories.map((s) => s.id));
    const files = deps.render.render(
      { site: deps.site, feedBaseUrl: deps.feedBaseUrl, feed, now },
      stories,
      dedupeTombstones(tombstones.filter((t) => !listed.has(t.storyId))),
    );
    try {
      const outcome = await writeChanged(deps.feeds, files, current);
      return { ...outcome, retries: attempt };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt + 1 >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes the files whose bytes differ from what is stored, each by compare-and-swap. What is
 * stored is known by its head (ETag and content hash), never by reading the body back; a file
 * whose store recorded no hash is simply written.
 */
export async function writeChanged(
  store: FeedStore,
  files: readonly FeedFile[],
  current: ReadonlyMap<string, StoredFileHead | undefined>,
): Promise<{ written: string[]; unchanged: number }> {
  const changed = files.filter((file) => {
    const stored = current.get(file.key);
    return !stored?.contentHash || stored.contentHash !== contentHashOf(file.body);
  });
  const outcomes = await Promise.allSettled(
    changed.map((file) => {
      const stored = current.get(file.key);
      return store.put(file, {
        ifMatch: stored?.etag ?? null,
        previousLastModified: stored?.lastModified,
      });
    }),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return { written: changed.map((file) => file.key), unchanged: files.length - changed.length };
}

/** The heads of some files, by key, read at once. */
export async function readHeads(store: FeedStore, keys: readonly string[]) {
  const heads = await Promise.all(keys.map((key) => store.head(key)));
  return new Map(keys.map((key, i) => [key, heads[i]]));
}

async function readCurrent(store: FeedStore, feed: FeedRef) {
  return readHeads(
    store,
    FEED_FORMATS.map((format) => feedKey(feed.region, feed.channel, format)),
  );
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
