import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ArchivePage, ArchiveSpans } from '../../core/ports.js';
import type { FeedRef, Story } from '../../core/story/story.js';
import { mapLimit } from '../../core/use-cases/map-limit.js';
import {
  archiveHeadKey,
  archivePageOfItem,
  archivePagePartition,
  entrySortKey,
} from './story-item.js';
import { batchGetItems } from './table-batches.js';

/** Page lookups (Query, Limit 1) in flight at once for one story. */
const QUERIES = 8;

/**
 * What ingest reads of the archives (read-only: `archhead#…` heads and `arch#…` page spans, the
 * partitions its grant names): the heads of all a story's feeds in BatchGets of 100 (two for a
 * `*` story in 150 regions), then, only for the feeds whose newest page ends at or after the
 * story's date, the one page span holding it (a Query with Limit 1). Strongly consistent, as
 * the publisher reads them.
 */
export class DynamoDbArchiveSpans implements ArchiveSpans {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async pagesHolding(
    feeds: readonly FeedRef[],
    story: Story,
  ): Promise<Array<ArchivePage | undefined>> {
    const sk = entrySortKey(story);
    const cursors = await this.#cursors(feeds);
    return mapLimit([...feeds], QUERIES, async (feed) => {
      const cursor = cursors.get(archiveHeadKey(feed).pk);
      return cursor !== undefined && sk <= cursor ? this.#pageFrom(feed, sk) : undefined;
    });
  }

  /** Each feed's archive cursor (the newest page's end) by head partition; none when unarchived. */
  async #cursors(feeds: readonly FeedRef[]): Promise<Map<string, string>> {
    const cursors = new Map<string, string>();
    const keys = [...new Map(feeds.map((f) => [archiveHeadKey(f).pk, archiveHeadKey(f)])).values()];
    await batchGetItems(
      this.#client,
      this.#table,
      keys,
      (item) => typeof item.cursor === 'string' && cursors.set(String(item.pk), item.cursor),
      { ProjectionExpression: 'pk, #cursor', ExpressionAttributeNames: { '#cursor': 'cursor' } },
    );
    return cursors;
  }

  /** The closed page whose span ends at or after `sk`: the first page item from `sk` on. */
  async #pageFrom(feed: FeedRef, sk: string): Promise<ArchivePage | undefined> {
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk >= :sk',
        ExpressionAttributeValues: { ':pk': archivePagePartition(feed), ':sk': sk },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const item = result.Items?.[0];
    return item ? archivePageOfItem(feed, item) : undefined;
  }
}
