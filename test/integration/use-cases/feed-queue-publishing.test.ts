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
import { createTestStores, type TestStores, watchCommands } from '../support/dynamodb.js';

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

async function storedStory(id: string, storyRegions: string[], stores: TestStores = table) {
  const input = wireStoryJson({
    id,
    regions: storyRegions,
    publishedAt: clock.now().toISOString(),
  });
  await ingestStory({ stories: stores.stories, clock }, parseStoryInput(input, regions));
  const { Item } = await stores.documents.send(
    new GetCommand({ TableName: stores.tableName, Key: storyKey(id), ConsistentRead: true }),
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

    const event = await storedStory('queue-star', ['*']);
    const sent = watchCommands(table.documents);
    const report = await publish(event).finally(sent.stop);

    // Whether the story is late copy: every feed's archive head in one BatchGet, none one by one.
    const heads = sent.commands.filter((c) => JSON.stringify(c.input).includes('archhead#'));
    expect(heads.map((c) => c.name)).toEqual(['BatchGetCommand']);
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
  it('reads the every-region partitions once for all the feeds of an SQS batch', async () => {
    // A table of its own: the feeds' records here would name files of other tests' stores.
    const own = await createTestStores();
    await storedStory('queue-shared', ['*'], own);
    const sent = watchCommands(own.documents);
    try {
      const feeds = new InMemoryFeedStore();
      const handler = createFeedRenderHandler({
        ...{ stories: own.stories, feeds, clock, site: sampleSite, feedBaseUrl },
        log: silent,
      });
      const bodies = regions.map((region) => JSON.stringify({ region, channel: 'wire' }));
      const response = await handler(sqsEvent(bodies));
      expect(response.batchItemFailures).toEqual([]);
      const queried = sent.commands
        .filter((c) => c.name === 'QueryCommand')
        .map(
          (c) =>
            (c.input as { ExpressionAttributeValues: { ':pk': string } }).ExpressionAttributeValues[
              ':pk'
            ],
        );
      expect(queried.filter((pk) => pk === 'feed#*#wire')).toHaveLength(1);
      expect(queried.filter((pk) => pk === 'tomb#*#wire')).toHaveLength(1);
      for (const region of regions) {
        expect(queried.filter((pk) => pk === `feed#${region}#wire`)).toHaveLength(1);
        expect(await feedJson(feeds, { region, channel: 'wire' })).toContain('story/queue-shared');
      }
    } finally {
      sent.stop();
      await own.drop();
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
