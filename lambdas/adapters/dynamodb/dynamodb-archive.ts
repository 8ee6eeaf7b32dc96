import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../../core/errors.js';
import type { ArchiveHead, ArchivePage, ArchiveStore } from '../../core/ports.js';
import { type FeedSelection, matchesSelection } from '../../core/story/feed-selection.js';
import type { FeedRef, Story } from '../../core/story/story.js';
import { isVisibleAt } from '../../core/story/story-rules.js';
import {
  archiveHeadKey,
  archiveIndexPartition,
  archivePageItem,
  archivePageKey,
  archivePageOfItem,
  archivePagePartition,
  archivePositionItem,
  entryPartition,
  entrySortKey,
  STORY_PAGES_PARTITION,
  upTo,
} from './story-item.js';
import { batchWriteItems } from './table-batches.js';
import { queryAll } from './table-reads.js';

type ListBetween = (
  selection: FeedSelection,
  now: Date,
  span: { after?: string; through: string },
) => Promise<Story[]>;

/** Entries read per partition and round while looking for a page's oldest stories. */
const CHUNK = 100;
/** Positions recorded in the closing transaction (1 head + 1 page + these stay within 100). */
const POSITIONS_IN_TRANSACTION = 98;

/**
 * The archive half of the story store (see story-item.ts for its keys). A page is a span of
 * sort keys; closing one moves the head (conditioned on the pages it had) and writes the page
 * and its stories' positions in one transaction, so two publishers racing on one feed can never
 * close two pages with one number or overlapping spans.
 */
export class DynamoDbArchive
  implements Omit<ArchiveStore, 'getFeedHead' | 'recordLiveFiles' | 'forgetLiveFiles'>
{
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #getStories: (ids: readonly string[]) => Promise<Story[]>;
  readonly #listBetween: ListBetween;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    getStories: (ids: readonly string[]) => Promise<Story[]>;
    /** The stories a selection holds in a span of sort keys (the feed listing's). */
    listBetween: ListBetween;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#getStories = options.getStories;
    this.#listBetween = options.listBetween;
  }

  async getArchiveHead(feed: FeedRef): Promise<ArchiveHead> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: archiveHeadKey(feed), ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return { pages: 0 };
    return { pages: Number(item.pages), cursor: String(item.cursor) };
  }

  async closeArchivePage(input: {
    feed: FeedRef;
    selection: FeedSelection;
    head: ArchiveHead;
    now: Date;
    size: number;
    before?: Story;
  }): Promise<{ head: ArchiveHead; page: ArchivePage; stories: Story[] } | undefined> {
    const { feed, head, size } = input;
    const oldest = await this.#oldestStories(input);
    const last = oldest[oldest.length - 1];
    if (!last) return undefined;
    const page: ArchivePage = {
      feed,
      number: head.pages + 1,
      after: head.cursor,
      through: last.sk,
    };
    const stories = oldest.slice(0, size).map((entry) => entry.story);
    const next = { pages: page.number, cursor: page.through };
    await this.#close(head, next, page, stories);
    return { head: next, page, stories: stories.reverse() };
  }

  isArchived(head: ArchiveHead, story: Story): boolean {
    return head.cursor !== undefined && entrySortKey(story) <= head.cursor;
  }

  async archivePageHolding(feed: FeedRef, story: Story): Promise<ArchivePage | undefined> {
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk >= :sk',
        ExpressionAttributeValues: {
          ':pk': archivePagePartition(feed),
          ':sk': entrySortKey(story),
        },
        ScanIndexForward: true,
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const item = result.Items?.[0];
    return item ? archivePageOfItem(feed, item) : undefined;
  }

  async archivePageEndingAt(feed: FeedRef, through: string): Promise<ArchivePage | undefined> {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: archivePageKey(feed, through),
        ConsistentRead: true,
      }),
    );
    return result.Item ? archivePageOfItem(feed, result.Item) : undefined;
  }

  async listArchivePages(feed: FeedRef): Promise<ArchivePage[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': archivePagePartition(feed) },
    });
    return items
      .filter((item) => typeof item.through === 'string')
      .map((item) => archivePageOfItem(feed, item))
      .sort((a, b) => a.number - b.number);
  }

  listArchivePage(selection: FeedSelection, page: ArchivePage, now: Date): Promise<Story[]> {
    return this.#listBetween(selection, now, page);
  }

  async archivePositions(storyId: string): Promise<ArchivePage[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': archiveIndexPartition(storyId) },
    });
    return items
      .filter((item) => typeof item.through === 'string')
      .map((item) =>
        archivePageOfItem(
          { region: String(item.region), channel: item.channel as FeedRef['channel'] },
          item,
        ),
      );
  }

  async recordArchivePositions(page: ArchivePage, storyIds: readonly string[]): Promise<void> {
    await Promise.all(
      storyIds.map((id) =>
        this.#client.send(
          new PutCommand({ TableName: this.#table, Item: archivePositionItem(id, page) }),
        ),
      ),
    );
  }

  async recordStoryPages(storyIds: readonly string[]): Promise<void> {
    const puts = storyIds.map((sk) => ({
      PutRequest: { Item: { pk: STORY_PAGES_PARTITION, sk } },
    }));
    await batchWriteItems(this.#client, this.#table, puts);
  }

  async listStoryPages(): Promise<string[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': STORY_PAGES_PARTITION },
      ProjectionExpression: 'sk',
    });
    return items.map((item) => String(item.sk));
  }

  /**
   * The oldest `size` stories (with their sort keys) the selection holds at `now` after the
   * head's cursor and before `before`, oldest first: entries read a chunk at a time from every
   * partition of the selection, merged, and their stories checked.
   */
  async #oldestStories(input: {
    selection: FeedSelection;
    head: ArchiveHead;
    now: Date;
    size: number;
    before?: Story;
  }): Promise<Array<{ sk: string; story: Story }>> {
    const { selection, now, size, before } = input;
    const limit = upTo(now.toISOString());
    const until = before && entrySortKey(before) < limit ? entrySortKey(before) : limit;
    const found: Array<{ sk: string; story: Story }> = [];
    let from = input.head.cursor;
    for (;;) {
      const { entries, more } = await this.#oldestEntries(selection, from, until);
      const stories = new Map(
        (await this.#getStories(entries.map((e) => e.storyId))).map((s) => [s.id, s]),
      );
      for (const entry of entries) {
        const story = stories.get(entry.storyId);
        if (!story || !isVisibleAt(story, now) || !matchesSelection(story, selection)) continue;
        found.push({ sk: entry.sk, story });
        if (found.length === size) return found;
      }
      const last = entries[entries.length - 1];
      if (!more || !last) return found;
      from = last.sk;
    }
  }

  /** Up to CHUNK distinct entries, oldest first, in (`cursor`, `until`); whether more may follow. */
  async #oldestEntries(selection: FeedSelection, cursor: string | undefined, until: string) {
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
              ':to': until,
              ...(cursor ? { ':from': `${cursor}\u0000` } : {}),
            },
            ScanIndexForward: true,
            ConsistentRead: true,
            Limit: CHUNK,
          }),
        );
        const items = (page.Items ?? []).filter((item) => String(item.sk) < until);
        return {
          full: page.LastEvaluatedKey !== undefined,
          entries: items.map((item) => ({ sk: String(item.sk), storyId: String(item.storyId) })),
        };
      }),
    );
    // Merged across partitions (a story in several has one sort key). A partition that filled
    // its page bounds what is certainly complete: nothing past its last key is known yet.
    const bound = lists
      .filter((list) => list.full)
      .map((list) => list.entries[list.entries.length - 1]?.sk ?? '')
      .sort()[0];
    const merged = new Map<string, { sk: string; storyId: string }>();
    for (const entry of lists.flatMap((list) => list.entries)) {
      if (bound === undefined || entry.sk <= bound) merged.set(entry.sk, entry);
    }
    const entries = [...merged.values()].sort((a, b) => (a.sk < b.sk ? -1 : 1));
    return { entries, more: bound !== undefined };
  }

  async #close(head: ArchiveHead, next: ArchiveHead, page: ArchivePage, stories: Story[]) {
    const inTransaction = stories.slice(0, POSITIONS_IN_TRANSACTION);
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...archiveHeadKey(page.feed), pages: next.pages, cursor: next.cursor },
                ...(head.cursor === undefined
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: '#pages = :pages AND #cursor = :cursor',
                      ExpressionAttributeNames: { '#pages': 'pages', '#cursor': 'cursor' },
                      ExpressionAttributeValues: { ':pages': head.pages, ':cursor': head.cursor },
                    }),
              },
            },
            { Put: { TableName: this.#table, Item: archivePageItem(page) } },
            ...inTransaction.map((story) => ({
              Put: { TableName: this.#table, Item: archivePositionItem(story.id, page) },
            })),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConcurrentWriteError();
      throw error;
    }
    const rest = stories.slice(POSITIONS_IN_TRANSACTION).map((story) => story.id);
    if (rest.length > 0) await this.recordArchivePositions(page, rest);
  }
}
