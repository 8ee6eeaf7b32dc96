import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyKey } from '../../../lambdas/adapters/dynamodb/story-item.js';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import type { FeedQueue } from '../../../lambdas/adapters/queue/feed-queue.js';
import { createFeedRenderHandler } from '../../../lambdas/adapters/queue/feed-render-handler.js';
import { createPublishHandler } from '../../../lambdas/adapters/stream/publish-handler.js';
import { storyPageKey } from '../../../lambdas/core/formats/feed-paths.js';
import { concreteFeeds } from '../../../lambdas/core/story/feed-selection.js';
import { type FeedRef, parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { sampleSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const regions = sampleSite.regions.map((r) => r.slug);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const clock = { now: () => new Date() };
const feedBaseUrl = 'http://localhost:3000';
let table: TestStores;

beforeAll(async () => {
  table = await createTestStores();
});
afterAll(async () => {
  await table.drop();
});

async function storedStory(id: string, storyRegions: string[]) {
  const input = wireStoryJson({
    id,
    regions: storyRegions,
    publishedAt: clock.now().toISOString(),
  });
  await ingestStory({ stories: table.stories, clock }, parseStoryInput(input, regions));
  const { Item } = await table.documents.send(
    new GetCommand({ TableName: table.tableName, Key: storyKey(id), ConsistentRead: true }),
  );
  const NewImage = marshall(Item, { removeUndefinedValues: true }) as Record<
    string,
    AttributeValue
  >;
  const Keys = marshall(storyKey(id)) as Record<string, AttributeValue>;
  return {
    Records: [{ eventName: 'INSERT', dynamodb: { Keys, NewImage } }],
  } as DynamoDBStreamEvent;
}

function sqsEvent(bodies: string[], receiveCount = 1): SQSEvent {
  const attributes = { ApproximateReceiveCount: String(receiveCount) };
  return {
    Records: bodies.map((body, i) => ({ messageId: `m${i}`, body, attributes }) as SQSRecord),
  };
}

const feedJson = async (feeds: InMemoryFeedStore, feed: FeedRef) =>
  String((await feeds.get(`feeds/${feed.region}/${feed.channel}.json`))?.body ?? '');

describe('publishing by feed', () => {
  it('has the stream publisher queue every concrete feed of a `*` story and render none itself', async () => {
    const feeds = new InMemoryFeedStore();
    const queued: FeedRef[][] = [];
    const feedQueue: FeedQueue = { enqueue: async (refs) => void queued.push([...refs]) };
    const publish = createPublishHandler({
      stories: table.stories,
      feeds,
      clock,
      site: sampleSite,
      feedBaseUrl,
      log: silent,
      feedQueue,
    });

    const report = await publish(await storedStory('queue-star', ['*']));

    const expected = concreteFeeds(sampleSite, [{ region: '*', channel: 'wire' }]);
    expect(queued).toEqual([expected]);
    expect(report.feeds).toBe(0);
    expect(await feeds.get(storyPageKey('queue-star'))).toBeDefined();
    expect(await feeds.get('feeds/okanagan/wire.json')).toBeUndefined();
  });

  it('renders each feed of an SQS batch once and returns only unreadable messages', async () => {
    await storedStory('queue-render', ['okanagan', 'shuswap']);
    const feeds = new InMemoryFeedStore();
    const rendered: string[] = [];
    const handler = createFeedRenderHandler({
      stories: table.stories,
      feeds,
      clock,
      site: sampleSite,
      feedBaseUrl,
      log: silent,
      metrics: {
        add: (name, value) => void (name === 'FeedsRendered' && rendered.push(String(value))),
      },
    });
    const okanagan = JSON.stringify({ region: 'okanagan', channel: 'wire' });
    const shuswap = JSON.stringify({ region: 'shuswap', channel: 'wire' });

    const response = await handler(sqsEvent([okanagan, okanagan, shuswap, '{"region":1}']));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    expect(rendered).toEqual(['1', '1']);
    for (const region of ['okanagan', 'shuswap']) {
      expect(await feedJson(feeds, { region, channel: 'wire' })).toContain('story/queue-render');
    }
  });
  it('checks a redelivered feed against the store: a render that died before its record is undone', async () => {
    await storedStory('queue-redelivered', ['okanagan']);
    const feeds = new InMemoryFeedStore();
    const handler = createFeedRenderHandler({
      stories: table.stories,
      feeds,
      clock,
      site: sampleSite,
      feedBaseUrl,
      log: silent,
    });
    const okanagan = { region: 'okanagan', channel: 'wire' as const };
    const message = JSON.stringify(okanagan);
    await handler(sqsEvent([message], 2));
    // A write the record never heard of: an invocation that timed out between its writes and
    // its record (the bytes stand in for another render's).
    const key = 'feeds/okanagan/wire.json';
    const stored = await feeds.head(key);
    await feeds.put(
      { key, contentType: 'application/feed+json', body: '{"items":[]}' },
      { ifMatch: stored?.etag ?? null },
    );

    await handler(sqsEvent([message], 1));
    expect(await feedJson(feeds, okanagan)).toBe('{"items":[]}');
    await handler(sqsEvent([message], 2));

    expect(await feedJson(feeds, okanagan)).toContain('story/queue-redelivered');
  });
});
