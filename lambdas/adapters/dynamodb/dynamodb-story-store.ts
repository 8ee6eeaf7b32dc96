import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../../core/errors.js';
import type {
  ArchiveHead,
  ArchivePage,
  ArchiveSpans,
  ArchiveStore,
  DueChange,
  SitemapStore,
  StoryStore,
} from '../../core/ports.js';
import type { FeedSelection } from '../../core/story/feed-selection.js';
import type { FeedRef, Story } from '../../core/story/story.js';
import { DynamoDbArchive } from './dynamodb-archive.js';
import { DynamoDbArchiveSpans } from './dynamodb-archive-spans.js';
import { DynamoDbFeedListing } from './dynamodb-feed-listing.js';
import { DynamoDbLiveFiles } from './dynamodb-live-files.js';
import { DynamoDbSitemaps } from './dynamodb-sitemaps.js';
import { planSave } from './save-plan.js';
import { decodeMarshalledStoryItem, decodeStoryItem, encodeStoryItem } from './story-body-codec.js';
import {
  DUE_PARTITION,
  dueKey,
  fromDueItem,
  type StoryItem,
  storyKey,
  upTo,
} from './story-item.js';
import { CachedStoryReads } from './story-reads.js';
import { batchWriteItems } from './table-batches.js';
import { queryAll } from './table-reads.js';

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
 * StoryStore, ArchiveStore and SitemapStore on one DynamoDB table; see story-item.ts for the key
 * design. Every read is strongly consistent: the publisher runs on the stream record of a write
 * and must see that write (an eventually consistent read may return the item as it was before).
 */
export class DynamoDbStoryStore implements StoryStore, ArchiveStore, SitemapStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #keepDays: number;
  readonly #archive: DynamoDbArchive;
  readonly #reads: CachedStoryReads;
  readonly #listing: DynamoDbFeedListing;
  // Told as they are to the live-file records and sitemap records (see the constructor).
  declare readonly getFeedHead: ArchiveStore['getFeedHead'];
  declare readonly recordLiveFiles: ArchiveStore['recordLiveFiles'];
  declare readonly forgetLiveFiles: ArchiveStore['forgetLiveFiles'];
  declare readonly recordSitemapStates: SitemapStore['recordSitemapStates'];
  declare readonly listSitemapDay: SitemapStore['listSitemapDay'];
  declare readonly recordSitemapDay: SitemapStore['recordSitemapDay'];
  declare readonly listSitemapDays: SitemapStore['listSitemapDays'];
  declare readonly pagesHolding: ArchiveSpans['pagesHolding'];

  constructor(options: DynamoDbStoryStoreOptions) {
    this.#client = options.client;
    this.#reads = new CachedStoryReads({
      client: options.client,
      tableName: options.tableName,
      cacheBytes: options.storyCacheBytes ?? 32 * 1024 * 1024,
    });
    this.#table = options.tableName;
    this.#keepDays = options.tombstoneKeepDays ?? 30;
    this.#listing = new DynamoDbFeedListing({
      client: options.client,
      tableName: options.tableName,
      storiesAt: (entries) => this.#reads.storiesAt(entries),
    });
    this.#archive = new DynamoDbArchive({
      client: options.client,
      tableName: options.tableName,
      getStories: (ids) => this.#reads.getStories(ids),
      listBetween: (selection, now, span) => this.#listing.listBetween(selection, now, span),
    });
    const table = { client: options.client, tableName: options.tableName };
    const live = new DynamoDbLiveFiles(table);
    const sitemaps = new DynamoDbSitemaps(table);
    const spans = new DynamoDbArchiveSpans(table);
    Object.assign(this, {
      pagesHolding: spans.pagesHolding.bind(spans),
      getFeedHead: live.getFeedHead.bind(live),
      recordLiveFiles: live.recordLiveFiles.bind(live),
      forgetLiveFiles: live.forgetLiveFiles.bind(live),
      recordSitemapStates: sitemaps.recordSitemapStates.bind(sitemaps),
      listSitemapDay: sitemaps.listSitemapDay.bind(sitemaps),
      recordSitemapDay: sitemaps.recordSitemapDay.bind(sitemaps),
      listSitemapDays: sitemaps.listSitemapDays.bind(sitemaps),
    });
  }

  getArchiveHead(feed: FeedRef): Promise<ArchiveHead> {
    return this.#archive.getArchiveHead(feed);
  }

  closeArchivePage(
    input: Parameters<ArchiveStore['closeArchivePage']>[0],
  ): ReturnType<ArchiveStore['closeArchivePage']> {
    return this.#archive.closeArchivePage(input);
  }

  isArchived(head: ArchiveHead, story: Story): boolean {
    return this.#archive.isArchived(head, story);
  }

  archivePageHolding(feed: FeedRef, story: Story): Promise<ArchivePage | undefined> {
    return this.#archive.archivePageHolding(feed, story);
  }

  archivePageEndingAt(feed: FeedRef, through: string): Promise<ArchivePage | undefined> {
    return this.#archive.archivePageEndingAt(feed, through);
  }

  listArchivePages(feed: FeedRef): Promise<ArchivePage[]> {
    return this.#archive.listArchivePages(feed);
  }

  listArchivePage(selection: FeedSelection, page: ArchivePage, now: Date): Promise<Story[]> {
    return this.#archive.listArchivePage(selection, page, now);
  }

  archivePositions(storyId: string): Promise<ArchivePage[]> {
    return this.#archive.archivePositions(storyId);
  }

  recordArchivePositions(page: ArchivePage, storyIds: readonly string[]): Promise<void> {
    return this.#archive.recordArchivePositions(page, storyIds);
  }

  recordStoryPages(storyIds: readonly string[]): Promise<void> {
    return this.#archive.recordStoryPages(storyIds);
  }

  listStoryPages(): Promise<string[]> {
    return this.#archive.listStoryPages();
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
              Item: encodeStoryItem(plan.storyItem),
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

  listFeed(
    ...[feed, now, limit, after, shared]: Parameters<StoryStore['listFeed']>
  ): Promise<Story[]> {
    return this.#listing.listFeed(feed, now, limit, after, shared);
  }

  listTombstones(...[feed, since, shared]: Parameters<StoryStore['listTombstones']>) {
    return this.#listing.listTombstones(feed, since, shared);
  }

  async listDue(now: Date): Promise<DueChange[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': DUE_PARTITION, ':until': upTo(now.toISOString()) },
    });
    return items.map(fromDueItem);
  }

  async clearDue(changes: readonly DueChange[]): Promise<void> {
    const deletes = changes.map((change) => ({ DeleteRequest: { Key: dueKey(change) } }));
    await batchWriteItems(this.#client, this.#table, deletes);
  }

  async #getItem(id: string): Promise<StoryItem | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: storyKey(id), ConsistentRead: true }),
    );
    return result.Item ? decodeStoryItem(result.Item) : undefined;
  }

  /** The stories with these ids that exist, in the order of `ids`. */
  getStories(ids: readonly string[]): Promise<Story[]> {
    return this.#reads.getStories(ids);
  }

  /** Keeps story items held already (a stream batch's new images): listings read them no more. */
  remember(items: readonly Pick<StoryItem, 'story' | 'revision'>[]): void {
    this.#reads.remember(items);
  }
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
  return decodeMarshalledStoryItem(reason.Item);
}

function isLostRace(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
  );
}
