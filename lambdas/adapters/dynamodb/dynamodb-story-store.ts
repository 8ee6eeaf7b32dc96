import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConcurrentWriteError } from '../../core/errors.js';
import type {
  ArchiveHead,
  ArchivePosition,
  ArchiveStore,
  DueChange,
  StoryStore,
  Tombstone,
} from '../../core/ports.js';
import { type FeedSelection, matchesSelection } from '../../core/story/feed-selection.js';
import { isAfter, timeOf } from '../../core/story/instant.js';
import type { FeedRef, Story } from '../../core/story/story.js';
import { isVisibleAt } from '../../core/story/story-rules.js';
import { DynamoDbArchive } from './dynamodb-archive.js';
import { planSave } from './save-plan.js';
import {
  DUE_PARTITION,
  dueKey,
  entryPartition,
  fromDueItem,
  type StoryItem,
  storyKey,
  tombstonePartition,
  upTo,
} from './story-item.js';
import { CachedStoryReads, type EntryRef } from './story-reads.js';
import { backoff, queryAll } from './table-reads.js';

export interface DynamoDbStoryStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long tombstones are kept in the table (the feed shows fewer days); @default 30 */
  readonly tombstoneKeepDays?: number;
  /**
   * Bytes of stories a feed listing keeps between calls, so it reads again only the stories
   * whose revision moved (0 turns it off); @default 32 MiB
   */
  readonly storyCacheBytes?: number;
}

/**
 * StoryStore and ArchiveStore on one DynamoDB table; see story-item.ts for the key design. Every
 * read is strongly consistent: the publisher runs on the stream record of a write and must see
 * that write (an eventually consistent read may return the item as it was before it).
 */
export class DynamoDbStoryStore implements StoryStore, ArchiveStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #keepDays: number;
  readonly #archive: DynamoDbArchive;
  readonly #reads: CachedStoryReads;

  constructor(options: DynamoDbStoryStoreOptions) {
    this.#client = options.client;
    this.#reads = new CachedStoryReads({
      client: options.client,
      tableName: options.tableName,
      cacheBytes: options.storyCacheBytes ?? 32 * 1024 * 1024,
    });
    this.#table = options.tableName;
    this.#keepDays = options.tombstoneKeepDays ?? 30;
    this.#archive = new DynamoDbArchive({
      client: options.client,
      tableName: options.tableName,
      getStories: (ids) => this.#reads.getStories(ids),
    });
  }

  getArchiveHead(feed: FeedRef): Promise<ArchiveHead> {
    return this.#archive.getArchiveHead(feed);
  }

  archiveOlder(input: Parameters<ArchiveStore['archiveOlder']>[0]): Promise<ArchiveHead> {
    return this.#archive.archiveOlder(input);
  }

  listArchive(feed: FeedRef, first: number, last: number): Promise<Story[]> {
    return this.#archive.listArchive(feed, first, last);
  }

  archivePositions(storyId: string): Promise<ArchivePosition[]> {
    return this.#archive.archivePositions(storyId);
  }

  /**
   * The item each story object was read from, so `save(story, previous)` knows the revision to
   * condition on without reading again. A stale entry is harmless: the condition then fails.
   */
  readonly #readFrom = new WeakMap<Story, StoryItem>();

  async get(id: string): Promise<Story | undefined> {
    const item = await this.#getItem(id);
    if (item) this.#readFrom.set(item.story, item);
    return item?.story;
  }

  async save(story: Story, previous: Story | undefined): Promise<void> {
    const stored = previous
      ? (this.#readFrom.get(previous) ?? (await this.#getItem(previous.id)))
      : undefined;
    if (previous ? !stored || !isSameWrite(stored.story, previous) : false) {
      throw new ConcurrentWriteError();
    }
    try {
      await this.#write(story, stored);
    } catch (error) {
      if (isLostRace(error)) throw new ConcurrentWriteError();
      throw error;
    }
  }

  async create(story: Story): Promise<Story | undefined> {
    try {
      await this.#write(story, undefined);
      return undefined;
    } catch (error) {
      const stored = storedItemOf(error);
      if (stored) {
        this.#readFrom.set(stored.story, stored);
        return stored.story;
      }
      if (isLostRace(error)) throw new ConcurrentWriteError();
      throw error;
    }
  }

  /**
   * One transaction: the story (only if the stored revision is still `stored`'s, or nothing is
   * stored; a failed condition returns the stored item) and its entries, tombstones, due items.
   */
  async #write(story: Story, stored: StoryItem | undefined): Promise<void> {
    const plan = planSave({ story, previous: stored, keepDays: this.#keepDays });
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#table,
              Item: plan.storyItem,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              ...(stored
                ? {
                    ConditionExpression: '#revision = :revision',
                    ExpressionAttributeNames: { '#revision': 'revision' },
                    ExpressionAttributeValues: { ':revision': stored.revision },
                  }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          ...plan.puts.map((Item) => ({ Put: { TableName: this.#table, Item } })),
          ...plan.deletes.map((Key) => ({ Delete: { TableName: this.#table, Key } })),
        ],
      }),
    );
  }

  async listFeed(
    feed: FeedSelection | FeedRef,
    now: Date,
    limit: number,
    after?: string,
  ): Promise<Story[]> {
    const selection = toSelection(feed);
    const at = now.toISOString();
    const lists = await Promise.all(
      partitionsOf(selection, entryPartition).map((pk) =>
        this.#newestEntries({ pk, at, limit, after, categories: selection.categories }),
      ),
    );
    const seen = new Set<string>();
    const newest = lists
      .flat()
      .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0))
      .filter((entry) => !seen.has(entry.storyId) && seen.add(entry.storyId))
      .slice(0, limit);
    const stories = await this.#reads.storiesAt(newest);
    return stories.filter((story) => isVisibleAt(story, now) && matchesSelection(story, selection));
  }

  async listTombstones(feed: FeedSelection | FeedRef, since: Date): Promise<Tombstone[]> {
    const partitions = partitionsOf(toSelection(feed), tombstonePartition);
    const pages = await Promise.all(
      partitions.map((pk) =>
        queryAll(this.#client, this.#table, {
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: { ':pk': pk, ':since': since.toISOString() },
          ScanIndexForward: false,
        }),
      ),
    );
    return pages
      .flat()
      .map((item) => ({ storyId: String(item.storyId), deletedAt: String(item.deletedAt) }))
      .sort((a, b) => timeOf(b.deletedAt) - timeOf(a.deletedAt));
  }

  async listDue(now: Date): Promise<DueChange[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': DUE_PARTITION, ':until': upTo(now.toISOString()) },
    });
    return items.map(fromDueItem);
  }

  async clearDue(changes: readonly DueChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += 25) {
      let requests: Array<Record<string, unknown>> = changes
        .slice(i, i + 25)
        .map((change) => ({ DeleteRequest: { Key: dueKey(change) } }));
      for (let attempt = 0; requests.length > 0 && attempt < 8; attempt++) {
        const result = await this.#client.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
        if (requests.length > 0) await backoff(attempt);
      }
    }
  }

  async #getItem(id: string): Promise<StoryItem | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: storyKey(id), ConsistentRead: true }),
    );
    return result.Item as StoryItem | undefined;
  }

  /**
   * Newest entries of one partition dated at or before `at` and after `after`, skipping expired
   * ones and, for a category feed, entries whose categories do not match (entries written
   * without categories are kept; the story itself is checked after reading).
   */
  async #newestEntries(input: {
    pk: string;
    at: string;
    limit: number;
    after?: string;
    categories?: readonly string[];
  }) {
    const { pk, at, limit, after, categories } = input;
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
            ':until': upTo(at),
            ...(after ? { ':after': `${after}\u0000` } : {}),
          },
          ScanIndexForward: false,
          Limit: limit,
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

  /** The stories with these ids that exist, in the order of `ids`. */
  getStories(ids: readonly string[]): Promise<Story[]> {
    return this.#reads.getStories(ids);
  }

  /**
   * Keeps story items the caller already holds (a stream batch's new images), so a listing that
   * names one at that revision does not read it again.
   */
  remember(items: readonly Pick<StoryItem, 'story' | 'revision'>[]): void {
    this.#reads.remember(items);
  }
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

/** Two reads saw the same write: same take, same arrival, same kill state. */
function isSameWrite(a: Story, b: Story): boolean {
  return (
    a.fingerprint === b.fingerprint && a.receivedAt === b.receivedAt && a.killedAt === b.killedAt
  );
}

/** The stored story item a failed story condition returned (ReturnValuesOnConditionCheckFailure). */
function storedItemOf(error: unknown): StoryItem | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reason = error.CancellationReasons?.[0];
  if (reason?.Code !== 'ConditionalCheckFailed' || !reason.Item) return undefined;
  return unmarshall(reason.Item, { wrapNumbers: false }) as StoryItem;
}

function isLostRace(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
  );
}
