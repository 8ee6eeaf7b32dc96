import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { storyKey } from '../../../lambdas/adapters/dynamodb/story-item.js';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import { createPublishHandler } from '../../../lambdas/adapters/stream/publish-handler.js';
import { StaleReadError } from '../../../lambdas/core/errors.js';
import type {
  ArchiveSpans,
  ArchiveStore,
  SitemapStore,
  StoryStore,
} from '../../../lambdas/core/ports.js';
import { parseStoryInput, type Story } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import { publishFeeds } from '../../../lambdas/core/use-cases/publish-feeds.js';
import { sampleSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const regions = sampleSite.regions.map((r) => r.slug);
const feed = { region: 'okanagan', channel: 'wire' as const };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const clock = { now: () => new Date() };
let table: TestStores;
let stories: DynamoDbStoryStore;

beforeAll(async () => {
  table = await createTestStores();
  stories = table.stories;
});
afterAll(async () => {
  await table.drop();
});

/**
 * DynamoDB Local is strongly consistent, so the eventually consistent read that real DynamoDB
 * may give (a view from before the write a stream record reports) is injected: the first
 * `times` listings of the feed answer from `before`, a listing taken before the write.
 */
function staleListings(
  store: StoryStore & ArchiveStore & ArchiveSpans & SitemapStore,
  before: Story[],
  times: number,
) {
  const stale = { served: 0 };
  const wrapped: StoryStore & ArchiveStore & ArchiveSpans & SitemapStore = {
    getArchiveHead: (ref) => store.getArchiveHead(ref),
    getFeedHead: (ref) => store.getFeedHead(ref),
    recordLiveFiles: (ref, files, read) => store.recordLiveFiles(ref, files, read),
    forgetLiveFiles: (ref) => store.forgetLiveFiles(ref),
    closeArchivePage: (input) => store.closeArchivePage(input),
    isArchived: (head, story) => store.isArchived(head, story),
    archivePageHolding: (ref, story) => store.archivePageHolding(ref, story),
    pagesHolding: (refs, story) => store.pagesHolding(refs, story),
    archivePageEndingAt: (ref, through) => store.archivePageEndingAt(ref, through),
    listArchivePages: (ref) => store.listArchivePages(ref),
    listArchivePage: (selection, page, now) => store.listArchivePage(selection, page, now),
    archivePositions: (id) => store.archivePositions(id),
    recordArchivePositions: (page, ids) => store.recordArchivePositions(page, ids),
    recordStoryPages: (ids) => store.recordStoryPages(ids),
    listStoryPages: () => store.listStoryPages(),
    recordSitemapStates: (states) => store.recordSitemapStates(states),
    listSitemapDay: (day) => store.listSitemapDay(day),
    recordSitemapDay: (day) => store.recordSitemapDay(day),
    listSitemapDays: () => store.listSitemapDays(),
    get: (id) => store.get(id),
    getStories: (ids) => store.getStories(ids),
    save: (story, previous) => store.save(story, previous),
    create: (story) => store.create(story),
    listTombstones: (ref, since) => store.listTombstones(ref, since),
    listDue: (now) => store.listDue(now),
    clearDue: (changes) => store.clearDue(changes),
    listFeed: async (ref, now, limit, cursor) => {
      if (stale.served >= times) return store.listFeed(ref, now, limit, cursor);
      stale.served++;
      return before;
    },
  };
  return { store: wrapped, stale };
}

/** The story item stored under `id`, as a stream record's image shows it. */
async function imageOf(id: string): Promise<Record<string, AttributeValue>> {
  const { Item } = await table.documents.send(
    new GetCommand({ TableName: table.tableName, Key: storyKey(id), ConsistentRead: true }),
  );
  return marshall(Item, { removeUndefinedValues: true }) as Record<string, AttributeValue>;
}

async function publishedIds(feeds: InMemoryFeedStore): Promise<string[]> {
  const file = await feeds.get('feeds/okanagan/wire.json');
  const json = JSON.parse(String(file?.body)) as { items: Array<{ id: string }> };
  return json.items.map((item) => item.id.split('/').pop() ?? '');
}

/** A story in the okanagan wire feed, published, then killed; returns the pre-kill listing. */
async function publishedThenKilled(id: string, feeds: InMemoryFeedStore) {
  const input = wireStoryJson({
    id,
    regions: ['okanagan'],
    publishedAt: clock.now().toISOString(),
  });
  await ingestStory({ stories, clock }, parseStoryInput(input, regions));
  const deps = { stories, feeds, clock, site: sampleSite, feedBaseUrl: 'http://localhost:3000' };
  await publishFeeds(deps, [feed]);
  const before = await stories.listFeed(feed, clock.now(), sampleSite.itemsPerFeed);
  const OldImage = await imageOf(id);
  await killStory({ stories, clock }, id);
  const kill: DynamoDBStreamEvent = {
    Records: [{ eventName: 'MODIFY', dynamodb: { OldImage, NewImage: await imageOf(id) } }],
  };
  return { before, deps, kill };
}

describe('publishing under stale reads', () => {
  it('reads again until the triggering kill is visible, so the killed story leaves the feed', async () => {
    const feeds = new InMemoryFeedStore();
    const { before, kill } = await publishedThenKilled('stale-kill', feeds);
    expect(await publishedIds(feeds)).toContain('stale-kill');
    const { store, stale } = staleListings(stories, before, 2);
    const handler = createPublishHandler({
      stories: store,
      feeds,
      clock,
      site: sampleSite,
      feedBaseUrl: 'http://localhost:3000',
      log: silent,
    });

    const report = await handler(kill);

    expect(stale.served).toBe(2);
    expect(report.staleReads).toBe(2);
    expect(await publishedIds(feeds)).not.toContain('stale-kill');
  });

  it('would keep the killed story if it did not compare the listing with the kill', async () => {
    const feeds = new InMemoryFeedStore();
    const { before, deps } = await publishedThenKilled('stale-control', feeds);
    const { store, stale } = staleListings(stories, before, 1);

    await publishFeeds({ ...deps, stories: store }, [feed]);

    expect(stale.served).toBe(1);
    expect(await publishedIds(feeds)).toContain('stale-control');
  });

  it('fails the batch, writing nothing, while the kill stays invisible, so Lambda retries it', async () => {
    const feeds = new InMemoryFeedStore();
    const { before, kill } = await publishedThenKilled('stale-forever', feeds);
    const written = (await feeds.get('feeds/okanagan/wire.json'))?.etag;
    const { store } = staleListings(stories, before, Number.POSITIVE_INFINITY);
    const handler = createPublishHandler({
      stories: store,
      feeds,
      clock,
      site: sampleSite,
      feedBaseUrl: 'http://localhost:3000',
      log: silent,
    });

    await expect(handler(kill)).rejects.toBeInstanceOf(StaleReadError);
    expect((await feeds.get('feeds/okanagan/wire.json'))?.etag).toBe(written);
  });
});
