import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../../core/errors.js';
import type { ArchiveHead, ArchivePosition, ArchiveStore } from '../../core/ports.js';
import { type FeedSelection, matchesSelection } from '../../core/story/feed-selection.js';
import type { FeedRef, Story } from '../../core/story/story.js';
import { isVisibleAt } from '../../core/story/story-rules.js';
import {
  archiveHeadKey,
  archiveIndexKey,
  archiveIndexPartition,
  archiveItemKey,
  entryPartition,
  entrySortKey,
  feedOfArchiveIndex,
  upTo,
} from './story-item.js';
import { queryAll } from './table-reads.js';

/** Stories per archive transaction: 1 head + 2 items per story stays within DynamoDB's 100. */
const CHUNK = 45;

/**
 * The archive half of the story store (see story-item.ts for its keys). Appending is a loop of
 * transactions, each of at most 45 stories: the head moves (conditioned on the count it had),
 * the numbered items and the per-story index are written together, so two publishers racing
 * on one feed can never number the same story twice or give two stories one number.
 */
export class DynamoDbArchive implements ArchiveStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #getStories: (ids: readonly string[]) => Promise<Story[]>;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    getStories: (ids: readonly string[]) => Promise<Story[]>;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#getStories = options.getStories;
  }

  async getArchiveHead(feed: FeedRef): Promise<ArchiveHead> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: archiveHeadKey(feed), ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return { count: 0 };
    return { count: Number(item.count), cursor: String(item.cursor) };
  }

  async archiveOlder(input: {
    feed: FeedRef;
    selection: FeedSelection;
    head: ArchiveHead;
    before: Story;
    now: Date;
  }): Promise<ArchiveHead> {
    const { feed, selection, now } = input;
    let head = input.head;
    const until = entrySortKey(input.before);
    for (;;) {
      const { entries, more } = await this.#oldestEntries(selection, head.cursor, until, now);
      if (entries.length === 0) return head;
      const stories = await this.#getStories(entries.map((e) => e.storyId));
      const kept = stories.filter((s) => isVisibleAt(s, now) && matchesSelection(s, selection));
      const next = {
        count: head.count + kept.length,
        cursor: (entries[entries.length - 1] as { sk: string }).sk,
      };
      await this.#append(feed, head, next, kept);
      head = next;
      if (!more) return head;
    }
  }

  async listArchive(feed: FeedRef, first: number, last: number): Promise<Story[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: {
        ':pk': archiveItemKey(feed, first).pk,
        ':first': archiveItemKey(feed, first).sk,
        ':last': archiveItemKey(feed, last).sk,
      },
    });
    return this.#getStories(items.map((item) => String(item.storyId)));
  }

  async archivePositions(storyId: string): Promise<ArchivePosition[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': archiveIndexPartition(storyId) },
    });
    return items.map((item) => ({
      feed: feedOfArchiveIndex(String(item.sk)),
      number: Number(item.number),
    }));
  }

  /**
   * Up to CHUNK entries of the selection, oldest first, after `cursor` and before `until`, and
   * whether there may be more (a partition filled its page, or the merge left some out).
   */
  async #oldestEntries(
    selection: FeedSelection,
    cursor: string | undefined,
    until: string,
    now: Date,
  ) {
    const at = now.toISOString();
    const upper = until < upTo(at) ? until : upTo(at);
    const lists = await Promise.all(
      [...selection.regions, '*'].map(async (region) => {
        const page = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: cursor
              ? 'pk = :pk AND sk BETWEEN :from AND :to'
              : 'pk = :pk AND sk < :to',
            ExpressionAttributeValues: {
              ':pk': entryPartition({ region, channel: selection.channel }),
              ':to': upper,
              ...(cursor ? { ':from': `${cursor}\u0000` } : {}),
            },
            ScanIndexForward: true,
            ConsistentRead: true,
            Limit: CHUNK,
          }),
        );
        const items = page.Items ?? [];
        return {
          full: items.length >= CHUNK || page.LastEvaluatedKey !== undefined,
          entries: items
            .map((item) => ({ sk: String(item.sk), storyId: String(item.storyId) }))
            .filter((entry) => entry.sk < upper),
        };
      }),
    );
    // The oldest CHUNK across partitions; a story in several partitions has one sort key.
    const merged = new Map<string, { sk: string; storyId: string }>();
    for (const entry of lists.flatMap((list) => list.entries)) merged.set(entry.sk, entry);
    const oldest = [...merged.values()].sort((a, b) => (a.sk < b.sk ? -1 : 1));
    return {
      entries: oldest.slice(0, CHUNK),
      more: oldest.length > CHUNK || lists.some((list) => list.full),
    };
  }

  async #append(feed: FeedRef, head: ArchiveHead, next: ArchiveHead, stories: readonly Story[]) {
    const headKey = archiveHeadKey(feed);
    const items = stories.flatMap((story, i) => {
      const number = head.count + i + 1;
      return [
        {
          Put: {
            TableName: this.#table,
            Item: { ...archiveItemKey(feed, number), storyId: story.id },
          },
        },
        { Put: { TableName: this.#table, Item: { ...archiveIndexKey(story.id, feed), number } } },
      ];
    });
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...headKey, count: next.count, cursor: next.cursor },
                ...(head.cursor === undefined
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: '#count = :count AND #cursor = :cursor',
                      ExpressionAttributeNames: { '#count': 'count', '#cursor': 'cursor' },
                      ExpressionAttributeValues: { ':count': head.count, ':cursor': head.cursor },
                    }),
              },
            },
            ...items,
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConcurrentWriteError();
      throw error;
    }
  }
}
