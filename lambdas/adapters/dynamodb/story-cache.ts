import type { Story } from '../../core/story/story.js';

/** What a cached story is assumed to take besides its body and text fields. */
const OVERHEAD_BYTES = 1024;

/**
 * Stories a warm publisher has read, each with the revision it was read at, bounded by an
 * estimate of their size (the oldest read go first). A feed's entries carry the revision of
 * their story (both are written in one transaction), so a listing reads only the stories whose
 * revision moved since the last render: one changed story, not the whole feed.
 */
export class StoryCache {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, { revision: number; story: Story; bytes: number }>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The story as read at exactly this revision, if kept. */
  get(id: string, revision: number | undefined): Story | undefined {
    const entry = this.#entries.get(id);
    return revision !== undefined && entry?.revision === revision ? entry.story : undefined;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  set(story: Story, revision: number): void {
    this.#delete(story.id);
    const bytes = sizeOf(story);
    if (bytes > this.#maxBytes) return;
    this.#entries.set(story.id, { revision, story, bytes });
    this.#bytes += bytes;
    for (const [id] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#delete(id);
    }
  }

  #delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
  }
}

function sizeOf(story: Story): number {
  return (
    OVERHEAD_BYTES +
    2 * ((story.bodyHtml?.length ?? 0) + (story.summary?.length ?? 0) + story.headline.length)
  );
}
