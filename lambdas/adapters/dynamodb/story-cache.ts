import { LRUCache } from 'lru-cache';
import type { Story } from '../../core/story/story.js';

/** What a cached story is assumed to take besides its body and text fields. */
const OVERHEAD_BYTES = 1024;

interface Entry {
  readonly revision: number;
  readonly story: Story;
}

/**
 * Stories a warm publisher has read, each with the revision it was read at, bounded by an
 * estimate of their size. A feed's entries carry the revision of their story (both are written
 * in one transaction), so a listing reads only the stories whose revision moved since the last
 * render: one changed story, not the whole feed.
 *
 * Built on lru-cache: when the bound is reached the least recently used stories go first (a hit
 * counts as a use), not the oldest read as in the hand-rolled FIFO this replaced. For a
 * publisher that is the better choice: the stories every render of a busy feed lists stay kept,
 * and those only an old archive page or a quiet feed wanted go. A story larger than the whole
 * bound is not kept (and drops the revision kept before it); a bound below one byte keeps nothing.
 */
export class StoryCache {
  readonly #entries: LRUCache<string, Entry> | undefined;

  constructor(maxBytes: number) {
    const maxSize = Math.floor(maxBytes);
    this.#entries =
      maxSize >= 1
        ? new LRUCache({ maxSize, sizeCalculation: (entry) => sizeOf(entry.story) })
        : undefined;
  }

  /** The story as read at exactly this revision, if kept. */
  get(id: string, revision: number | undefined): Story | undefined {
    if (revision === undefined || this.#entries?.peek(id)?.revision !== revision) return undefined;
    return this.#entries.get(id)?.story;
  }

  /** Whether some revision of the story is kept. */
  has(id: string): boolean {
    return this.#entries?.has(id) ?? false;
  }

  /** Keeps the story at this revision, in place of any revision kept before. */
  set(story: Story, revision: number): void {
    this.#entries?.set(story.id, { revision, story });
  }
}

/** The story's text held as UTF-16 (two bytes per code unit), plus the overhead; an integer. */
function sizeOf(story: Story): number {
  return (
    OVERHEAD_BYTES +
    2 * ((story.bodyHtml?.length ?? 0) + (story.summary?.length ?? 0) + story.headline.length)
  );
}
