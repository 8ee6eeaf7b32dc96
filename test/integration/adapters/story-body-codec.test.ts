import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKED_BODY } from '../../../lambdas/adapters/dynamodb/story-body-codec.js';
import { toStoryItem } from '../../../lambdas/adapters/dynamodb/story-item.js';
import { streamedStoryItems } from '../../../lambdas/adapters/stream/affected-feeds.js';
import { parseStoryInput, resolveStory, type Story } from '../../../lambdas/core/story/story.js';
import { toLambdaRecord } from '../../../lambdas/local/stream-records.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { WIRE_ARTICLE_HTML } from '../../fixtures/wire-article.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

/**
 * Wire bodies are stored brotli-packed (story-body-codec.ts), on DynamoDB Local through the real
 * SDK: the item and the units it costs shrink, and every read (GetItem, BatchGet, a failed
 * condition's old item, a stream image as Lambda delivers it) gives back the very story stored.
 * Items written before packing read as they always did.
 */
const REGIONS = ['okanagan', 'shuswap'];
const feed = { region: 'shuswap', channel: 'wire' as const };
const NOW = new Date('2026-11-26T00:00:00Z');
let table: TestStores;

beforeAll(async () => {
  table = await createTestStores();
});
afterAll(async () => {
  await table?.drop();
});

function wire(id: string, version = 1, previous?: Story): Story {
  const json = wireStoryJson({ id, version, regions: ['shuswap'], bodyHtml: WIRE_ARTICLE_HTML });
  return resolveStory(parseStoryInput(json, REGIONS), previous, new Date('2026-11-25T12:00:00Z'));
}

async function rawItem(id: string) {
  const result = await table.client.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: { pk: { S: `story#${id}` }, sk: { S: 'story' } },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return { item: result.Item, units: result.ConsumedCapacity?.CapacityUnits };
}

describe('packed story bodies', () => {
  it('stores a long body packed, so the item fits one strong read unit where it took two', async () => {
    const story = wire('packed');
    await table.stories.save(story, undefined);
    await table.documents.send(
      new PutCommand({ TableName: table.tableName, Item: toStoryItem(wire('unpacked'), 1) }),
    );

    const packed = await rawItem('packed');
    const unpacked = await rawItem('unpacked');
    expect(packed.item?.[PACKED_BODY]?.B?.byteLength).toBeLessThan(2_200);
    expect(packed.item?.story?.M?.bodyHtml).toBeUndefined();
    expect(unpacked.item?.story?.M?.bodyHtml?.S).toBe(story.bodyHtml);
    expect(packed.units).toBe(1);
    expect(unpacked.units).toBe(2);
  });

  it('reads back the very story stored, by GetItem, BatchGet and a feed listing', async () => {
    const story = wire('roundtrip');
    await table.stories.save(story, undefined);
    const reader = table.storyStore({ storyCacheBytes: 0 });

    expect(await reader.get('roundtrip')).toEqual(story);
    expect(await reader.getStories(['roundtrip'])).toEqual([story]);
    const listed = await reader.listFeed(feed, NOW, 50);
    expect(listed.find((s) => s.id === 'roundtrip')).toEqual(story);
  });

  it('reads a story stored before bodies were packed as it was stored', async () => {
    const legacy = wire('legacy');
    await table.documents.send(
      new PutCommand({ TableName: table.tableName, Item: toStoryItem(legacy, 1) }),
    );
    const reader = table.storyStore({ storyCacheBytes: 0 });

    expect(await reader.get('legacy')).toEqual(legacy);
    expect(await reader.getStories(['legacy'])).toEqual([legacy]);
    // A new take over it is packed, conditioned on the legacy item's revision.
    const next = wire('legacy', 2, legacy);
    await reader.save(next, await reader.get('legacy'));
    expect((await rawItem('legacy')).item?.[PACKED_BODY]).toBeDefined();
    expect(await table.storyStore({ storyCacheBytes: 0 }).get('legacy')).toEqual(next);
  });

  it('answers a create over a stored packed story with that story, unpacked', async () => {
    const first = wire('taken');
    await table.stories.save(first, undefined);
    const other = table.storyStore();

    expect(await other.create(wire('taken', 2))).toEqual(first);
  });

  it('unpacks a stream image as Lambda delivers it (Binary as base64), for the publisher to keep', async () => {
    const story = wire('streamed');
    await table.stories.save(story, undefined);
    const item = (await rawItem('streamed')).item ?? {};
    const keys = { pk: { S: 'story#streamed' }, sk: { S: 'story' } };
    const record = toLambdaRecord(
      { eventName: 'INSERT', dynamodb: { NewImage: item, Keys: keys } },
      'arn:aws:dynamodb:local:000000000000:table/t/stream/x',
      'local',
    );
    expect(typeof record.dynamodb?.NewImage?.[PACKED_BODY]?.B).toBe('string');

    const [streamed] = streamedStoryItems({ Records: [record] } as DynamoDBStreamEvent);
    expect(streamed?.story).toEqual(story);
    expect(streamed?.revision).toBe(1);
  });

  it('leaves a short body in place', async () => {
    const short = resolveStory(
      parseStoryInput(wireStoryJson({ id: 'short', regions: ['shuswap'] }), REGIONS),
      undefined,
      NOW,
    );
    await table.stories.save(short, undefined);
    const stored = await table.documents.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'story#short', sk: 'story' } }),
    );
    expect(stored.Item?.story?.bodyHtml).toBe(short.bodyHtml);
    expect(stored.Item?.[PACKED_BODY]).toBeUndefined();
  });
});
