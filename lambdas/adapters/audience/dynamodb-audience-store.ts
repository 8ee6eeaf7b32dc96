import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AudienceStore, FeedDayRow } from '../../core/use-cases/audience/audience-report.js';
import { AUDIENCE_RETENTION_DAYS } from '../../core/use-cases/audience/audience-report.js';
import type { FeedDayDelta, ReaderReport } from '../../core/use-cases/audience/audience-tally.js';
import { mapLimit } from '../../core/use-cases/map-limit.js';

/**
 * The stats table's key design (the only file that knows it):
 *
 * - `day#<day>` / `feed#<feed>`: fetches, 304s and bytes (ADD), and `c0`…`cf`, the size of each
 *   client shard as last seen (only ever raised); TTL 400 days.
 * - `day#<day>` / `reader#<feed>#<reader key>`: a hosted reader's latest count (replaced only by
 *   a later report); TTL 400 days.
 * - `clients#<day>#<feed>` / `<shard>` (first hex digit of the hash): the day's client hashes as a
 *   string set (ADD, so a client seen twice is stored once); TTL 3 days, long enough for late logs.
 *
 * One report reads one partition per day; the hash sets are in partitions it never reads.
 */
export const STATS_PARTITION_PREFIXES = ['day#', 'clients#'] as const;
const CLIENT_DAYS = 3;
const SHARDS = '0123456789abcdef';

export interface DynamoDbAudienceStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Updates in flight at once; @default 16 */
  readonly concurrency?: number;
}

export class DynamoDbAudienceStore implements AudienceStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly concurrency: number;

  constructor(options: DynamoDbAudienceStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.concurrency = options.concurrency ?? 16;
  }

  async add(deltas: readonly FeedDayDelta[]): Promise<void> {
    const writes = deltas.flatMap((delta) => [
      () => this.addCounts(delta),
      ...delta.readers.map((report) => () => this.putReader(delta, report)),
      ...shardsOf(delta.clients).map(([shard, hashes]) => () => this.addClients(delta, shard, hashes)),
    ]);
    await mapLimit(writes, this.concurrency, (write) => write());
  }

  async read(days: readonly string[]): Promise<FeedDayRow[]> {
    const perDay = await mapLimit(days, 8, (day) => this.readDay(day));
    return perDay.flat();
  }

  private async readDay(day: string): Promise<FeedDayRow[]> {
    const counts = new Map<string, Record<string, unknown>>();
    const readers = new Map<string, FeedDayRow['readers'][number][]>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `day#${day}` },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.kind === 'feed') counts.set(item.feed as string, item);
        else if (item.kind === 'reader') {
          const list = readers.get(item.feed as string) ?? [];
          list.push({
            reader: item.reader as string,
            subscribers: item.subscribers as number,
            ...(item.feedId ? { feedId: item.feedId as string } : {}),
          });
          readers.set(item.feed as string, list);
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return [...counts].map(([feed, item]) => ({
      day,
      feed,
      fetches: Number(item.fetches ?? 0),
      notModified: Number(item.notModified ?? 0),
      bytes: Number(item.bytes ?? 0),
      clients: [...SHARDS].reduce((sum, s) => sum + Number(item[`c${s}`] ?? 0), 0),
      readers: readers.get(feed) ?? [],
    }));
  }

  private async addCounts(delta: FeedDayDelta): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `day#${delta.day}`, sk: `feed#${delta.feed}` },
        UpdateExpression:
          'ADD fetches :f, notModified :n, bytes :b SET kind = :kind, feed = :feed, #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':f': delta.fetches,
          ':n': delta.notModified,
          ':b': delta.bytes,
          ':kind': 'feed',
          ':feed': delta.feed,
          ':ttl': expiry(delta.day, AUDIENCE_RETENTION_DAYS),
        },
      }),
    );
  }

  private async putReader(delta: FeedDayDelta, report: ReaderReport): Promise<void> {
    await ignoringStale(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `day#${delta.day}`, sk: `reader#${delta.feed}#${report.key}` },
          UpdateExpression:
            'SET kind = :kind, feed = :feed, reader = :reader, feedId = :feedId, subscribers = :n, #at = :at, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: { '#at': 'at', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':kind': 'reader',
            ':feed': delta.feed,
            ':reader': report.reader,
            ':feedId': report.feedId ?? null,
            ':n': report.subscribers,
            ':at': report.at,
            ':ttl': expiry(delta.day, AUDIENCE_RETENTION_DAYS),
          },
        }),
      ),
    );
  }

  /** Adds hashes to a shard's set, then raises the shard's size on the day's count item. */
  private async addClients(delta: FeedDayDelta, shard: string, hashes: string[]): Promise<void> {
    const added = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `clients#${delta.day}#${delta.feed}`, sk: shard },
        UpdateExpression: 'ADD hashes :h SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':h': new Set(hashes),
          ':ttl': expiry(delta.day, CLIENT_DAYS),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const size = (added.Attributes?.hashes as Set<string> | undefined)?.size ?? 0;
    await ignoringStale(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `day#${delta.day}`, sk: `feed#${delta.feed}` },
          UpdateExpression: 'SET #c = :size',
          ConditionExpression: 'attribute_not_exists(#c) OR #c < :size',
          ExpressionAttributeNames: { '#c': `c${shard}` },
          ExpressionAttributeValues: { ':size': size },
        }),
      ),
    );
  }
}

/** The client hashes grouped by shard (their first hex digit). */
function shardsOf(clients: readonly string[]): Array<[string, string[]]> {
  const shards = new Map<string, string[]>();
  for (const hash of clients) {
    const shard = hash[0] ?? '0';
    const list = shards.get(shard);
    if (list) list.push(hash);
    else shards.set(shard, [hash]);
  }
  return [...shards];
}

/** Epoch seconds `days` after the end of `day`. */
function expiry(day: string, days: number): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + (days + 1) * 86_400;
}

/** A later report, or a larger shard size, already stored wins: nothing to do. */
async function ignoringStale(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
