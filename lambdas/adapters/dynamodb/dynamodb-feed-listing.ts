import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Tombstone } from '../../core/ports.js';
import {
  type FeedSelection,
  matchesSelection,
  type SharedReads,
} from '../../core/story/feed-selection.js';
import { isAfter, timeOf } from '../../core/story/instant.js';
import type { FeedRef, Story } from '../../core/story/story.js';
import { isVisibleAt } from '../../core/story/story-rules.js';
import { entryPartition, tombstonePartition, upTo } from './story-item.js';
import type { EntryRef } from './story-reads.js';
import { queryAll } from './table-reads.js';

/**
 * The feed listings of the story store (see story-item.ts for its keys): a feed's newest
 * stories and its tombstones, read from each of its regions' partitions and the every-region
 * one and merged. Every query is strongly consistent, as the store's reads are.
 */
export class DynamoDbFeedListing {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #storiesAt: (entries: readonly EntryRef[]) => Promise<Story[]>;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    storiesAt: (entries: readonly EntryRef[]) => Promise<Story[]>;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#storiesAt = options.storiesAt;
  }

  /**
   * With `shared`, each partition is read once for every listing made with it: without the
   * cursor (its newest `limit` entries, of which those newer than `after` are exactly this
   * listing's newest, since a cursor cuts a partition's oldest), and filtered here.
   */
  async listFeed(
    feed: FeedSelection | FeedRef,
    now: Date,
    limit: number,
    after?: string,
    shared?: SharedReads,
  ): Promise<Story[]> {
    const selection = toSelection(feed);
    const at = now.toISOString();
    const { categories } = selection;
    const lists = await Promise.all(
      partitionsOf(selection, entryPartition).map(async (pk) => {
        if (!shared) return this.#newestEntries({ pk, at, limit, after, categories });
        const key = `entries\u0000${pk}\u0000${at}\u0000${limit}\u0000${categories?.join(',')}`;
        const all = await sharedRead(shared, key, () =>
          this.#newestEntries({ pk, at, limit, categories }),
        );
        return after === undefined ? all : all.filter((entry) => entry.sk > after);
      }),
    );
    return this.#storiesOf(lists.flat(), selection, now, limit);
  }

  /** The newest `limit` distinct entries' stories that the selection holds at `now`. */
  async #storiesOf(entries: EntryRef[], selection: FeedSelection, now: Date, limit: number) {
    const seen = new Set<string>();
    const newest = entries
      .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0))
      .filter((entry) => !seen.has(entry.storyId) && seen.add(entry.storyId))
      .slice(0, limit);
    const stories = await this.#storiesAt(newest);
    return stories.filter((story) => isVisibleAt(story, now) && matchesSelection(story, selection));
  }

  /**
   * Every story the selection holds at `now` with a sort key in (`after`, `through`]: an archive
   * page's span. Newest first.
   */
  async listBetween(
    selection: FeedSelection,
    now: Date,
    span: { after?: string; through: string },
  ): Promise<Story[]> {
    const at = now.toISOString();
    // The earlier of the span's end and now (sort keys compare as strings).
    const [until = upTo(at)] = [span.through, upTo(at)].sort();
    const lists = await Promise.all(
      partitionsOf(selection, entryPartition).map((pk) =>
        this.#newestEntries({
          pk,
          at,
          until,
          limit: Number.MAX_SAFE_INTEGER,
          after: span.after,
          categories: selection.categories,
        }),
      ),
    );
    return this.#storiesOf(lists.flat(), selection, now, Number.MAX_SAFE_INTEGER);
  }

  async listTombstones(
    feed: FeedSelection | FeedRef,
    since: Date,
    shared?: SharedReads,
  ): Promise<Tombstone[]> {
    const partitions = partitionsOf(toSelection(feed), tombstonePartition);
    const from = since.toISOString();
    const read = (pk: string) =>
      queryAll(this.#client, this.#table, {
        KeyConditionExpression: 'pk = :pk AND sk >= :since',
        ExpressionAttributeValues: { ':pk': pk, ':since': from },
        ScanIndexForward: false,
      });
    const pages = await Promise.all(
      partitions.map((pk) =>
        shared
          ? sharedRead(shared, `tombstones\u0000${pk}\u0000${from}`, () => read(pk))
          : read(pk),
      ),
    );
    return pages
      .flat()
      .map((item) => ({ storyId: String(item.storyId), deletedAt: String(item.deletedAt) }))
      .sort((a, b) => timeOf(b.deletedAt) - timeOf(a.deletedAt));
  }

  /**
   * Newest entries of one partition dated at or before `at` and after `after`, skipping expired
   * ones and, for a category feed, entries whose categories do not match (entries written
   * without categories are kept; the story itself is checked after reading).
   */
  async #newestEntries(input: {
    pk: string;
    at: string;
    /** Upper sort key; @default every entry dated at or before `at` */
    until?: string;
    limit: number;
    after?: string;
    categories?: readonly string[];
  }) {
    const { pk, at, limit, after, categories } = input;
    const until = input.until ?? upTo(at);
    const found: EntryRef[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: after
            ? 'pk = :pk AND sk BETWEEN :after AND :until'
            : 'pk = :pk AND sk <= :until',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':until': until,
            ...(after ? { ':after': `${after}\u0000` } : {}),
          },
          ScanIndexForward: false,
          Limit: Math.min(limit, 1000),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.expiresAt === 'string' && !isAfter(item.expiresAt, at)) continue;
        if (categories && !entryMayMatch(item, categories)) continue;
        const revision = typeof item.revision === 'number' ? item.revision : undefined;
        found.push({ sk: String(item.sk), storyId: String(item.storyId), revision });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length < limit);
    return found.slice(0, limit);
  }
}

/** The read `key` names, made once per `shared` (a failed read is not kept: each caller sees it). */
function sharedRead<T>(shared: SharedReads, key: string, read: () => Promise<T>): Promise<T> {
  const found = shared.reads.get(key) as Promise<T> | undefined;
  if (found) return found;
  const made = read();
  shared.reads.set(key, made);
  made.catch(() => shared.reads.delete(key));
  return made;
}

function toSelection(feed: FeedSelection | FeedRef): FeedSelection {
  return 'regions' in feed ? feed : { regions: [feed.region], channel: feed.channel };
}

/** The partitions a selection reads: each of its regions, and the every-region one. */
function partitionsOf(selection: FeedSelection, partition: (ref: FeedRef) => string): string[] {
  return [...selection.regions, '*'].map((region) =>
    partition({ region, channel: selection.channel }),
  );
}

function entryMayMatch(item: Record<string, unknown>, categories: readonly string[]): boolean {
  if (!Array.isArray(item.categories)) return true;
  return item.categories.some((c) => categories.includes(String(c)));
}
