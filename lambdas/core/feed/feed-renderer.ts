import type { FeedFile, Tombstone } from '../ports.js';
import type { Story } from '../story.js';
import { buildFeedDocument, type FeedContext } from './feed-document.js';
import { renderFeedFiles } from './render-feed-files.js';

/** What a renderer did since it was made: for the benchmark and the publish log. */
export interface RenderStats {
  /** Feeds rendered (each in all three formats). */
  feeds: number;
  /** Items rendered from a story (per story revision, all three formats), not from a cache. */
  items: number;
}

/**
 * Renders feeds from stories. One renderer lives as long as its publisher (a warm Lambda), so
 * work it has done for a story revision can be reused by later renders.
 */
export interface FeedRenderer {
  render(ctx: FeedContext, stories: readonly Story[], tombstones: readonly Tombstone[]): FeedFile[];
  readonly stats: Readonly<RenderStats>;
}

export function createFeedRenderer(): FeedRenderer {
  const stats: RenderStats = { feeds: 0, items: 0 };
  return {
    stats,
    render(ctx, stories, tombstones) {
      const doc = buildFeedDocument(ctx, stories, tombstones);
      stats.feeds++;
      stats.items += doc.items.length;
      return renderFeedFiles(doc);
    },
  };
}
