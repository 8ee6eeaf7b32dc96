import { concreteFeeds } from '../story/feed-selection.js';
import type { FeedRef } from '../story/story.js';
import { refreshArchives } from './publish-archives.js';
import { type PublishDeps, withRenderer } from './publish-deps.js';
import { type PublishOptions, type PublishReport, publishFeeds } from './publish-feeds.js';
import { publishPages } from './publish-pages.js';

/** What changed: the feeds stories joined or left, and the stories themselves. */
export interface Changes {
  readonly feeds: Iterable<FeedRef>;
  readonly storyIds: Iterable<string>;
  /**
   * The changed stories that an earlier publish may have put on an archive page: not a story's
   * first write (which can still be late copy, found by its date). @default storyIds
   */
  readonly archivable?: Iterable<string>;
}

/**
 * The publish flow: the feeds (each with its HTML view, and the archive pages that gained the
 * stories it pushed out) and, beside them, each changed story's page; then the archive pages
 * that hold a changed story (a kill rewrites the one page it is on), once the feeds have moved
 * what they push out; late copy joins the page of its date there. With `dispatchFeeds`, the
 * feeds go to the per-feed queue instead, and their workers render them (and the pages they
 * close); the pages of changed stories are still rewritten here. All of them share one
 * renderer, so a story is made into its item once
 * however many feeds and pages show it.
 */
export async function publishChanges(
  deps: PublishDeps,
  changes: Changes,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const rendering = withRenderer(deps);
  const storyIds = [...changes.storyIds];
  const [feeds, pages] = await Promise.all([
    deps.dispatchFeeds
      ? dispatch(deps, deps.dispatchFeeds, changes.feeds)
      : publishFeeds(rendering, changes.feeds, options),
    publishPages(rendering, storyIds),
  ]);
  // The stories as their pages were just rendered from (read after this change): not again.
  const archives = await refreshArchives(rendering, {
    storyIds,
    archivable: changes.archivable,
    read: pages.read,
  });
  return {
    ...feeds,
    written: feeds.written + pages.written.length + archives.length,
    unchanged: feeds.unchanged + pages.unchanged,
    retries: feeds.retries + pages.retries,
  };
}

/**
 * One concrete feed's share of a publish, for a publisher that renders feed by feed: the feed
 * (with its view and any page it closes), then its archive pages that hold or held one of the
 * changed stories (late copy, a kill or a move of an archived story). Story pages are not its
 * business: publish them once per change with `publishPages`.
 */
export async function publishFeedChanges(
  deps: PublishDeps,
  feed: FeedRef,
  changes: Omit<Changes, 'feeds'>,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const rendering = withRenderer(deps);
  const report = await publishFeeds(rendering, [feed], options);
  const archives = await refreshArchives(rendering, {
    storyIds: changes.storyIds,
    archivable: changes.archivable,
    feeds: [feed],
  });
  return { ...report, written: report.written + archives.length };
}

/** The feeds handed to the queue: none rendered here. */
async function dispatch(
  deps: PublishDeps,
  dispatchFeeds: (feeds: readonly FeedRef[]) => Promise<void>,
  refs: Iterable<FeedRef>,
): Promise<PublishReport> {
  const feeds = concreteFeeds(deps.site, refs);
  if (feeds.length > 0) await dispatchFeeds(feeds);
  return {
    feeds: 0,
    written: 0,
    unchanged: 0,
    retries: 0,
    staleReads: 0,
    changedKeys: [],
    storyIds: [],
  };
}
