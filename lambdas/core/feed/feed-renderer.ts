import type { FeedFile, Tombstone } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import type { Story } from '../story.js';
import { buildFeedDocument, type FeedContext } from './feed-document.js';
import { type FeedItem, toFeedItem } from './feed-item.js';
import { createIncrementalRenderers } from './incremental-render.js';
import { renderFeedFiles } from './render-feed-files.js';

/** What a renderer did since it was made: for the benchmark and the publish log. */
export interface RenderStats {
  /** Feeds rendered (each in all three formats). */
  feeds: number;
  /** Items written from a story revision (all three formats count once), not from memory. */
  items: number;
}

/**
 * Renders feeds from stories. One renderer lives as long as its publisher (a warm Lambda): an
 * item is built and written once per story revision and reused by every later render of every
 * feed that lists it, so a feed is its envelope plus kept items, and a `*` story is written once
 * per publish, not once per region. The bytes are exactly those of `renderFeedFiles`.
 */
export interface FeedRenderer {
  render(ctx: FeedContext, stories: readonly Story[], tombstones: readonly Tombstone[]): FeedFile[];
  readonly stats: Readonly<RenderStats>;
}

/**
 * Items are kept by story object: the story store hands the same object while a story's
 * revision is unchanged (and a new object for a new revision), and a story is immutable.
 */
export function createFeedRenderer(): FeedRenderer {
  const stats: RenderStats = { feeds: 0, items: 0 };
  const renderers = createIncrementalRenderers(() => {
    stats.items++;
  });
  const items = new WeakMap<Story, { site: SiteConfig; item: FeedItem }>();
  const itemOf = (site: SiteConfig, story: Story) => {
    const kept = items.get(story);
    if (kept?.site === site) return kept.item;
    const item = toFeedItem(site, story);
    items.set(story, { site, item });
    return item;
  };
  return {
    stats,
    render(ctx, stories, tombstones) {
      stats.feeds++;
      return renderFeedFiles(buildFeedDocument(ctx, stories, tombstones, itemOf), renderers);
    },
  };
}
