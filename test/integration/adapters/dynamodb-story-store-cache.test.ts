import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamedStoryItems } from '../../../lambdas/adapters/stream/affected-feeds.js';
import { parseStoryInput, resolveStory, type Story } from '../../../lambdas/core/story/story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const REGIONS = ['okanagan', 'shuswap'];
const feed = { region: 'shuswap', channel: 'wire' as const };
const now = new Date('2026-11-26T00:00:00Z');

function take(id: string, version: number, previous?: Story): Story {
  const json = wireStoryJson({
    id,
    version,
    regions: ['shuswap'],
    headline: `${id} take ${version}`,
    publishedAt: '2026-11-25T10:00:00Z',
  });
  return resolveStory(parseStoryInput(json, REGIONS), previous, new Date('2026-11-25T12:00:00Z'));
}

let table: TestStores;
/** Story ids each BatchGet asked for, seen on the real client. */
const batchGets: string[][] = [];

beforeAll(async () => {
  table = await createTestStores();
  const { documents } = table;
  const send = documents.send.bind(documents) as (command: unknown) => Promise<unknown>;
  documents.send = ((command: { constructor: { name: string }; input: unknown }) => {
    if (command.constructor.name === 'BatchGetCommand') {
      const input = command.input as {
        RequestItems: Record<
          string,
          { Keys: Array<{ pk: string }>; ProjectionExpression?: string }
        >;
      };
      batchGets.push(
        Object.values(input.RequestItems).flatMap((r) =>
          r.Keys.map((k) => (r.ProjectionExpression ? `revision of ${k.pk}` : k.pk)),
        ),
      );
    }
    return send(command);
  }) as DynamoDBDocumentClient['send'];
});
afterAll(async () => {
  await table.drop();
});

describe('DynamoDbStoryStore feed listings on a warm store', () => {
  it('lists the newest take after a change, though an earlier listing kept the older one', async () => {
    const writer = table.storyStore();
    const reader = table.storyStore();
    const first = take('changing', 1);
    await writer.save(first, undefined);
    expect((await reader.listFeed(feed, now, 50)).map((s) => s.headline)).toEqual([
      'changing take 1',
    ]);

    await writer.save(take('changing', 2, first), first);

    expect((await reader.listFeed(feed, now, 50)).map((s) => s.headline)).toEqual([
      'changing take 2',
    ]);
  });

  it('reads again only the stories whose revision moved since the last listing', async () => {
    const writer = table.storyStore();
    const reader = table.storyStore();
    const stories = ['a', 'b', 'c'].map((id) => take(`kept-${id}`, 1));
    for (const story of stories) await writer.save(story, undefined);
    await reader.listFeed(feed, now, 50);
    batchGets.length = 0;

    await writer.save(take('kept-b', 2, stories[1]), stories[1]);
    const listed = await reader.listFeed(feed, now, 50);

    expect(batchGets).toEqual([['story#kept-b']]);
    expect(listed.find((s) => s.id === 'kept-b')?.headline).toBe('kept-b take 2');
    expect(listed.map((s) => s.id).sort()).toEqual(['changing', 'kept-a', 'kept-b', 'kept-c']);
  });

  it('reads every story again when the cache is turned off', async () => {
    const reader = table.storyStore({ storyCacheBytes: 0 });
    await reader.listFeed(feed, now, 50);
    batchGets.length = 0;

    await reader.listFeed(feed, now, 50);

    expect(batchGets.flat()).toHaveLength(4);
  });

  it('reads stories by id (archive pages) as revisions first, then only the ones that moved', async () => {
    const writer = table.storyStore();
    const reader = table.storyStore();
    const stories = ['x', 'y'].map((id) => take(`byid-${id}`, 1));
    for (const story of stories) await writer.save(story, undefined);
    await reader.getStories(['byid-x', 'byid-y']);
    batchGets.length = 0;

    await writer.save(take('byid-y', 2, stories[1]), stories[1]);
    const read = await reader.getStories(['byid-y', 'gone', 'byid-x']);

    expect(batchGets).toEqual([
      ['revision of story#byid-y', 'revision of story#gone', 'revision of story#byid-x'],
      ['story#byid-y'],
    ]);
    expect(read.map((s) => s.headline)).toEqual(['byid-y take 2', 'byid-x take 1']);
  });

  it('lists a story a stream batch carried at its revision without reading it back', async () => {
    const writer = table.storyStore();
    const publisher = table.storyStore();
    const first = take('streamed', 1);
    await writer.save(first, undefined);
    const newImage = async () =>
      (
        await table.client.send(
          new GetItemCommand({
            TableName: table.tableName,
            Key: { pk: { S: 'story#streamed' }, sk: { S: 'story' } },
            ConsistentRead: true,
          }),
        )
      ).Item;
    const batch = async () =>
      ({
        Records: [{ dynamodb: { NewImage: await newImage() } }],
      }) as unknown as DynamoDBStreamEvent;
    const oldBatch = await batch();
    await writer.save(take('streamed', 2, first), first);

    // The image of take 1: the entry now names take 2, so the listing reads it.
    publisher.remember(streamedStoryItems(oldBatch));
    batchGets.length = 0;
    expect(
      (await publisher.listFeed(feed, now, 50)).find((s) => s.id === 'streamed')?.headline,
    ).toBe('streamed take 2');
    expect(batchGets.flat()).toContain('story#streamed');

    // The image of take 2, as its stream record carries it: nothing to read.
    batchGets.length = 0;
    const other = table.storyStore();
    other.remember(streamedStoryItems(await batch()));
    const listed = await other.listFeed(feed, now, 50);
    expect(listed.find((s) => s.id === 'streamed')?.headline).toBe('streamed take 2');
    expect(batchGets.flat()).not.toContain('story#streamed');
  });
});
