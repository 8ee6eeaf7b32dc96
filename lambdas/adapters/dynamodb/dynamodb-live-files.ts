import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ArchiveHead,
  FeedHead,
  LiveFileState,
  LiveRecord,
  ArchiveStore as Port,
} from '../../core/ports.js';
import type { FeedRef } from '../../core/story/story.js';
import { archiveHeadKey, FEED_HEAD_SKS, liveFilesKey } from './story-item.js';

/** A file's state as the live item stores it: `at` is the Last-Modified bound in ms. */
interface StoredState {
  readonly etag: string;
  readonly hash: string;
  readonly at: number;
}

/**
 * The live-files record of each feed (see story-item.ts), beside its archive head: one strongly
 * consistent Query of the head's partition reads both (1 read unit: two small items), and one
 * PutItem records a render (1 write unit). Every record gets a fresh random revision, and a
 * record is written only over the one its writer read, so a writer never trusts a record made
 * by another render that overlapped its own.
 */
export class DynamoDbLiveFiles
  implements Pick<Port, 'getFeedHead' | 'recordLiveFiles' | 'forgetLiveFiles'>
{
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async getFeedHead(feed: FeedRef): Promise<FeedHead> {
    const [from, to] = FEED_HEAD_SKS;
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        // Between the two: an older version's `head` item in this partition is not read.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': archiveHeadKey(feed).pk, ':from': from, ':to': to },
        ConsistentRead: true,
      }),
    );
    const items = result.Items ?? [];
    const head = items.find((item) => item.sk === to);
    const archive: ArchiveHead = head
      ? { pages: Number(head.pages), cursor: String(head.cursor) }
      : { pages: 0 };
    return { archive, live: liveRecordOf(items.find((item) => item.sk === from)) };
  }

  async recordLiveFiles(
    feed: FeedRef,
    files: ReadonlyMap<string, LiveFileState>,
    read: LiveRecord,
  ): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: liveItem(feed, files),
          ...(read.revision === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#revision = :revision',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':revision': read.revision },
              }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.forgetLiveFiles(feed);
    }
  }

  async forgetLiveFiles(feed: FeedRef): Promise<void> {
    await this.#client.send(
      new PutCommand({ TableName: this.#table, Item: liveItem(feed, new Map()) }),
    );
  }
}

function liveItem(feed: FeedRef, files: ReadonlyMap<string, LiveFileState>) {
  const stored: Record<string, StoredState> = {};
  for (const [key, file] of files) {
    stored[key] = { etag: file.etag, hash: file.contentHash, at: file.lastModified.getTime() };
  }
  return { ...liveFilesKey(feed), revision: randomUUID(), files: stored };
}

function liveRecordOf(item: Record<string, unknown> | undefined): LiveRecord {
  if (!item) return { files: new Map() };
  const stored = (item.files ?? {}) as Record<string, StoredState>;
  const files = new Map<string, LiveFileState>();
  for (const [key, file] of Object.entries(stored)) {
    files.set(key, {
      etag: file.etag,
      contentHash: file.hash,
      lastModified: new Date(Number(file.at)),
    });
  }
  return { revision: String(item.revision), files };
}
