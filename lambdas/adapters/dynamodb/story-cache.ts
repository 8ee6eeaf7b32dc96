import type { Story } from '../../core/story.js';

/** Roughly what a cached story holds in memory; bodies dominate. */
const OVERHEAD_BYTES = 2048;

/**
 * Stories a publisher has read, by id, with the revision they were read at; the least recently
 * used leave first once the total passes `maxBytes`. A hit hands back the very same object, so
 * what was derived from it (a rendered item) can be found again by identity.
 */
export class StoryCache {
  readonly #entries = new Map<string, { revision: number; story: Story; bytes: number }>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The story at exactly this revision, if held. */
  get(id: string, revision: number): Story | undefined {
    const entry = this.#entries.get(id);
    if (!entry || entry.revision !== revision) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.story;
  }

  /** Keeps a story read at `revision`; an older revision never replaces a newer one. */
  set(revision: number, story: Story): Story {
    const held = this.#entries.get(story.id);
    if (held && held.revision >= revision) return held.revision === revision ? held.story : story;
    if (held) this.#forget(story.id, held.bytes);
    const bytes = OVERHEAD_BYTES + (story.bodyHtml?.length ?? 0) * 2;
    this.#entries.set(story.id, { revision, story, bytes });
    this.#bytes += bytes;
    for (const [id, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#forget(id, entry.bytes);
    }
    return story;
  }

  #forget(id: string, bytes: number): void {
    this.#entries.delete(id);
    this.#bytes -= bytes;
  }
}
