import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Story } from '../../core/story/story.js';
import { decodeStoryItem } from './story-body-codec.js';
import { StoryCache } from './story-cache.js';
import type { StoryItem } from './story-item.js';
import { batchGetStories } from './table-reads.js';

/** A feed entry as a listing reads it: where it sorts, and the story (at a revision) it names. */
export interface EntryRef {
  readonly sk: string;
  readonly storyId: string;
  readonly revision: number | undefined;
}

/**
 * Stories read by id through a cache keyed by revision (see StoryCache): a warm publisher reads
 * again only the stories whose revision moved since it last read them.
 */
export class CachedStoryReads {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #cache: StoryCache;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; cacheBytes: number }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#cache = new StoryCache(options.cacheBytes);
  }

  /**
   * The stories the entries point at, in their order: from the cache when kept at the entry's
   * revision, the others in one BatchGet (and kept for next time).
   */
  async storiesAt(entries: readonly EntryRef[]): Promise<Story[]> {
    const cached = new Map<string, Story>();
    for (const { storyId, revision } of entries) {
      const story = this.#cache.get(storyId, revision);
      if (story) cached.set(storyId, story);
    }
    const missing = entries.map((e) => e.storyId).filter((id) => !cached.has(id));
    const read = missing.length > 0 ? await this.#readStories(missing) : new Map();
    return entries.flatMap(({ storyId }) => cached.get(storyId) ?? read.get(storyId) ?? []);
  }

  /** The stories with these ids that exist, in the order of `ids`. */
  async getStories(ids: readonly string[]): Promise<Story[]> {
    if (!ids.some((id) => this.#cache.has(id))) {
      const byId = await this.#readStories(ids);
      return ids.flatMap((id) => byId.get(id) ?? []);
    }
    // Some are kept: read only each story's revision (a few bytes), then the ones that moved.
    const revisions = await batchGetStories(
      this.#client,
      this.#table,
      ids,
      (item) => item as Pick<StoryItem, 'pk' | 'revision'>,
      {
        ProjectionExpression: 'pk, revision',
      },
    );
    const entries = revisions.map(({ pk, revision }) => ({
      sk: '',
      storyId: pk.slice('story#'.length),
      revision,
    }));
    const stories = new Map((await this.storiesAt(entries)).map((story) => [story.id, story]));
    return ids.flatMap((id) => stories.get(id) ?? []);
  }

  /** Keeps story items the caller already holds, each at its revision. */
  remember(items: readonly Pick<StoryItem, 'story' | 'revision'>[]): void {
    for (const { story, revision } of items) this.#cache.set(story, revision);
  }

  /** Reads stories by id (strongly consistent), keeping each in the cache. */
  async #readStories(ids: readonly string[]): Promise<Map<string, Story>> {
    const byId = new Map<string, Story>();
    await batchGetStories(this.#client, this.#table, ids, (item) => {
      const { story, revision } = decodeStoryItem(item);
      byId.set(story.id, story);
      this.#cache.set(story, revision);
    });
    return byId;
  }
}
