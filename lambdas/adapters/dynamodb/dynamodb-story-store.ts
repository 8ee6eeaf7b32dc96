import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../../core/errors.js';
import { isAfter, timeOf } from '../../core/instant.js';
import type { DueChange, StoryStore, Tombstone } from '../../core/ports.js';
import { type FeedRef, feedRefsOf, isVisibleAt, type Story } from '../../core/story.js';
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

export interface DynamoDbStoryStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long tombstones are kept in the table (the feed shows fewer days); @default 30 */
  readonly tombstoneKeepDays?: number;
}

/**
 * StoryStore on one DynamoDB table; see story-item.ts for the key design. Every read is strongly
 * consistent: the publisher runs on the stream record of a write and must see that write (an
 * eventually consistent read may return the item as it was before it).
 */
export class DynamoDbStoryStore implements StoryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #keepDays: number;

  constructor(options: DynamoDbStoryStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#keepDays = options.tombstoneKeepDays ?? 30;
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
    const plan = planSave({ story, previous: stored, keepDays: this.#keepDays });
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: plan.storyItem,
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
    } catch (error) {
      if (isLostRace(error)) throw new ConcurrentWriteError();
      throw error;
    }
  }

  async listFeed(feed: FeedRef, now: Date, limit: number): Promise<Story[]> {
    const at = now.toISOString();
    const partitions = [feed, { ...feed, region: '*' }].map(entryPartition);
    const lists = await Promise.all(partitions.map((pk) => this.#newestEntries(pk, at, limit)));
    const newest = lists
      .flat()
      .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0))
      .slice(0, limit);
    const stories = await this.#getStories(newest.map((entry) => entry.storyId));
    return stories.filter(
      (story) =>
        isVisibleAt(story, now) &&
        feedRefsOf(story).some(
          (r) => r.channel === feed.channel && [feed.region, '*'].includes(r.region),
        ),
    );
  }

  async listTombstones(feed: FeedRef, since: Date): Promise<Tombstone[]> {
    const partitions = [feed, { ...feed, region: '*' }].map(tombstonePartition);
    const pages = await Promise.all(
      partitions.map((pk) =>
        this.#queryAll({
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
    const items = await this.#queryAll({
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
        if (requests.length > 0) await sleep(25 * 2 ** attempt);
      }
    }
  }

  async #getItem(id: string): Promise<StoryItem | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: storyKey(id), ConsistentRead: true }),
    );
    return result.Item as StoryItem | undefined;
  }

  /** Newest entries of one partition dated at or before `at`, skipping expired ones. */
  async #newestEntries(pk: string, at: string, limit: number) {
    const found: Array<{ sk: string; storyId: string }> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND sk <= :until',
          ExpressionAttributeValues: { ':pk': pk, ':until': upTo(at) },
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.expiresAt === 'string' && !isAfter(item.expiresAt, at)) continue;
        found.push({ sk: String(item.sk), storyId: String(item.storyId) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length < limit);
    return found.slice(0, limit);
  }

  async #getStories(ids: readonly string[]): Promise<Story[]> {
    const byId = new Map<string, Story>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Array<Record<string, unknown>> = ids.slice(i, i + 100).map(storyKey);
      for (let attempt = 0; keys.length > 0 && attempt < 8; attempt++) {
        const result = await this.#client.send(
          new BatchGetCommand({
            RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } },
          }),
        );
        for (const item of result.Responses?.[this.#table] ?? []) {
          const story = (item as StoryItem).story;
          byId.set(story.id, story);
        }
        keys = result.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        if (keys.length > 0) await sleep(25 * 2 ** attempt);
      }
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async #queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          ...input,
          TableName: this.#table,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) items.push(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

/** Two reads saw the same write: same take, same arrival, same kill state. */
function isSameWrite(a: Story, b: Story): boolean {
  return (
    a.fingerprint === b.fingerprint && a.receivedAt === b.receivedAt && a.killedAt === b.killedAt
  );
}

function isLostRace(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
