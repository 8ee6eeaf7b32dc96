import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client.js';
import { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { parseStoryInput, resolveStory, type Story } from '../../../lambdas/core/story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestTable } from '../support/dynamodb.js';

const REGIONS = ['okanagan', 'shuswap'];
const FEED = { region: 'okanagan', channel: 'wire' } as const;
const NOW = new Date('2026-11-26T00:00:00Z');

function take(json: Record<string, unknown>, previous?: Story, at = '2026-11-25T12:00:00Z') {
  return resolveStory(parseStoryInput(json, REGIONS), previous, new Date(at));
}

let table: Awaited<ReturnType<typeof createTestTable>>;
const stores: DynamoDbStoryStore[] = [];
const newStore = () => {
  const store = new DynamoDbStoryStore({
    client: createDocumentClient(table.client),
    tableName: table.tableName,
  });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

describe('DynamoDbStoryStore.listFeed with its story cache', () => {
  it('writes the story revision into every feed entry', async () => {
    const store = newStore();
    const first = take(wireStoryJson({ id: 'rev', regions: ['okanagan', 'shuswap'] }));
    await store.save(first, undefined);
    await store.save(take(wireStoryJson({ id: 'rev', version: 2 }), first), first);

    const { Items } = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'feed#okanagan#wire' },
      }),
    );

    expect(Items?.filter((i) => i.storyId === 'rev').map((i) => i.revision)).toEqual([2]);
  });

  it('hands back the same story object while its revision is unchanged', async () => {
    const store = newStore();
    await store.save(take(wireStoryJson({ id: 'same' })), undefined);

    const [a] = (await store.listFeed(FEED, NOW, 50)).filter((s) => s.id === 'same');
    const [b] = (await store.listFeed(FEED, NOW, 50)).filter((s) => s.id === 'same');

    expect(b).toBe(a);
  });

  it('reads the new take once another writer has updated the story', async () => {
    const reader = newStore();
    const writer = newStore();
    const first = take(wireStoryJson({ id: 'moved-on', headline: 'First take' }));
    await writer.save(first, undefined);
    await reader.listFeed(FEED, NOW, 50);

    const second = take(
      wireStoryJson({ id: 'moved-on', version: 2, headline: 'Second take' }),
      first,
      '2026-11-25T12:30:00Z',
    );
    await writer.save(second, first);
    const listed = (await reader.listFeed(FEED, NOW, 50)).find((s) => s.id === 'moved-on');

    expect(listed).toEqual(second);
  });

  it('drops a killed story even though it holds the old take', async () => {
    const reader = newStore();
    const writer = newStore();
    const alive = take(wireStoryJson({ id: 'killed-later' }));
    await writer.save(alive, undefined);
    await reader.listFeed(FEED, NOW, 50);

    const killed = { ...alive, killedAt: '2026-11-25T12:40:00.000Z' };
    await writer.save(killed, alive);

    expect((await reader.listFeed(FEED, NOW, 50)).map((s) => s.id)).not.toContain('killed-later');
  });
});
