import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AudienceStore, FeedDayRow } from '../../core/use-cases/audience/audience-report.js';
import { AUDIENCE_RETENTION_DAYS } from '../../core/use-cases/audience/audience-report.js';
import type { FeedDayDelta, ReaderReport } from '../../core/use-cases/audience/audience-tally.js';
import { mapLimit } from '../../core/use-cases/map-limit.js';

/**
 * The stats table's key design (the only file that knows it):
 *
 * - `day#<day>` / `feed#<feed>`: fetches, 304s, bytes and distinct clients (ADD); TTL 400 days.
 * - `day#<day>` / `reader#<feed>#<reader key>`: a hosted reader's latest count (replaced only by
 *   a later report); TTL 400 days.
 * - `clients#<day>#<feed>` / `<hash>`: one small item per client seen that day (a conditional
 *   put: only the first writer of a hash adds 1 to `clients`, so two log files counted at once
 *   never count a client twice); TTL 3 days, long enough for late log files.
 *
 * A report reads one partition per day; the hashes are in partitions it never reads. A warm
 * store remembers the hashes it has written (per day, bounded), so a client polling all day
 * costs one write per instance, not one per fetch.
 */
export const STATS_PARTITION_PREFIXES = ['day#', 'clients#'] as const;
const CLIENT_DAYS = 3;
/** Hashes remembered per store; past it the memory starts afresh (and only costs writes). */
const MAX_REMEMBERED = 500_000;

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
  private remembered = new Set<string>();

  constructor(options: DynamoDbAudienceStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.concurrency = options.concurrency ?? 16;
  }

  async add(deltas: readonly FeedDayDelta[]): Promise<void> {
    // New clients first: the count item then gets their number with the other increments.
    const clientWrites = deltas.flatMap((delta) => delta.clients.map((hash) => ({ delta, hash })));
    const added = await mapLimit(clientWrites, this.concurrency, ({ delta, hash }) =>
      this.putClient(delta, hash),
    );
    const newClients = new Map<FeedDayDelta, number>();
    clientWrites.forEach(({ delta }, i) => {
      if (added[i]) newClients.set(delta, (newClients.get(delta) ?? 0) + 1);
    });
    const writes = deltas.flatMap((delta) => [
      () => this.addCounts(delta, newClients.get(delta) ?? 0),
      ...delta.readers.map((report) => () => this.putReader(delta, report)),
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
      clients: Number(item.clients ?? 0),
      readers: readers.get(feed) ?? [],
    }));
  }

  private async addCounts(delta: FeedDayDelta, newClients: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `day#${delta.day}`, sk: `feed#${delta.feed}` },
        UpdateExpression:
          'ADD fetches :f, notModified :n, bytes :b, clients :c SET kind = :kind, feed = :feed, #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':f': delta.fetches,
          ':n': delta.notModified,
          ':b': delta.bytes,
          ':c': newClients,
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

  /** True when this write added the client (the first to put this hash that day). */
  private async putClient(delta: FeedDayDelta, hash: string): Promise<boolean> {
    const id = `${delta.day}#${delta.feed}#${hash}`;
    if (this.remembered.has(id)) return false;
    let added = true;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `clients#${delta.day}#${delta.feed}`,
            sk: hash,
            ttl: expiry(delta.day, CLIENT_DAYS),
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      added = false;
    }
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered = new Set();
    this.remembered.add(id);
    return added;
  }
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
