import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { ConcurrentWriteError } from '../../../lambdas/core/errors.js';
import { parseStoryInput, resolveStory, type Story } from '../../../lambdas/core/story/story.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const REGIONS = Array.from({ length: 64 }, (_, i) => `r${i}`).concat(['okanagan', 'shuswap']);
const T0 = new Date('2026-11-25T12:00:00Z');

function story(json: Record<string, unknown>, previous?: Story, at = T0): Story {
  return resolveStory(parseStoryInput(json, REGIONS), previous, at);
}

let table: TestStores;
let store: DynamoDbStoryStore;

beforeAll(async () => {
  table = await createTestStores();
  store = table.stories;
});
afterAll(async () => {
  await table.drop();
});

describe('DynamoDbStoryStore', () => {
  it('stores a story and reads it back unchanged', async () => {
    const s = story(wireStoryJson({ id: 'roundtrip' }));
    await store.save(s, undefined);
    expect(await store.get('roundtrip')).toEqual(s);
    expect(await store.get('never-stored')).toBeUndefined();
  });

  it('refuses a second create and a save from a stale read', async () => {
    const first = story(localStoryJson({ id: 'race' }));
    await store.save(first, undefined);
    await expect(store.save(first, undefined)).rejects.toBeInstanceOf(ConcurrentWriteError);
    const second = story(
      localStoryJson({ id: 'race', version: 2 }),
      first,
      new Date('2026-11-25T12:01:00Z'),
    );
    await store.save(second, first);
    const third = story(
      localStoryJson({ id: 'race', version: 3 }),
      first,
      new Date('2026-11-25T12:02:00Z'),
    );
    await expect(store.save(third, first)).rejects.toBeInstanceOf(ConcurrentWriteError);
    expect((await store.get('race'))?.version).toBe(2);
  });

  it('lists a feed newest first, merging the all-regions partition, up to the limit', async () => {
    const at = (m: number) =>
      new Date(Date.parse('2026-11-20T00:00:00Z') + m * 60_000).toISOString();
    await store.save(
      story(wireStoryJson({ id: 'm1', regions: ['shuswap'], publishedAt: at(1) })),
      undefined,
    );
    await store.save(
      story(wireStoryJson({ id: 'm2', regions: ['*'], publishedAt: at(2) })),
      undefined,
    );
    await store.save(
      story(wireStoryJson({ id: 'm3', regions: ['shuswap'], publishedAt: at(3) })),
      undefined,
    );
    await store.save(
      story(wireStoryJson({ id: 'm4', regions: ['okanagan'], publishedAt: at(4) })),
      undefined,
    );
    const feed = { region: 'shuswap', channel: 'wire' as const };
    const listed = await store.listFeed(feed, new Date('2026-11-21T00:00:00Z'), 10);
    expect(listed.map((s) => s.id).filter((id) => id.startsWith('m'))).toEqual(['m3', 'm2', 'm1']);
    const limited = await store.listFeed(feed, new Date('2026-11-21T00:00:00Z'), 2);
    expect(limited.map((s) => s.id)).toEqual(['m3', 'm2']);
  });

  it('lists an embargoed story only from its embargo on, and an expiring one only until expiry', async () => {
    await store.save(
      story(
        localStoryJson({
          id: 'emb',
          regions: ['okanagan'],
          publishedAt: '2026-10-01T00:00:00Z',
          embargoUntil: '2026-10-01T06:00:00Z',
          expiresAt: '2026-10-02T00:00:00Z',
        }),
      ),
      undefined,
    );
    const feed = { region: 'okanagan', channel: 'local' as const };
    const ids = async (iso: string) =>
      (await store.listFeed(feed, new Date(iso), 50)).map((s) => s.id);
    expect(await ids('2026-10-01T05:59:59.999Z')).not.toContain('emb');
    expect(await ids('2026-10-01T06:00:00.000Z')).toContain('emb');
    expect(await ids('2026-10-02T00:00:00.000Z')).not.toContain('emb');
  });

  it('records due changes for future embargoes and expiries, and clears them', async () => {
    const s = story(
      localStoryJson({
        id: 'due',
        publishedAt: '2026-11-25T11:00:00Z',
        embargoUntil: '2026-11-25T13:00:00Z',
        expiresAt: '2026-11-26T00:00:00Z',
      }),
    );
    await store.save(s, undefined);
    const due = (await store.listDue(new Date('2026-11-25T13:00:00Z'))).filter((d) =>
      d.key.includes('#due#'),
    );
    expect(due).toEqual([
      {
        key: '2026-11-25T13:00:00.000Z#due#embargo',
        at: '2026-11-25T13:00:00.000Z',
        feeds: [{ region: 'okanagan', channel: 'local' }],
        storyId: 'due',
      },
    ]);
    await store.clearDue(due);
    expect(
      (await store.listDue(new Date('2026-11-25T13:00:00Z'))).filter((d) =>
        d.key.includes('#due#'),
      ),
    ).toEqual([]);
    expect(
      (await store.listDue(new Date('2026-11-26T00:00:00Z'))).some((d) =>
        d.key.endsWith('#due#expiry'),
      ),
    ).toBe(true);
  });

  it('moves entries when regions change and leaves tombstones in the feeds left', async () => {
    // Seen in Okanagan (published before the move), so leaving it leaves a tombstone there.
    const v1 = story(
      localStoryJson({ id: 'mover', regions: ['okanagan'], publishedAt: '2026-11-25T11:00:00Z' }),
    );
    await store.save(v1, undefined);
    const v2 = story(
      localStoryJson({ id: 'mover', version: 2, regions: ['shuswap'] }),
      v1,
      new Date('2026-11-25T12:05:00Z'),
    );
    await store.save(v2, v1);
    const now = new Date('2026-11-26T00:00:00Z');
    const okanagan = { region: 'okanagan', channel: 'local' as const };
    expect((await store.listFeed(okanagan, now, 50)).map((s) => s.id)).not.toContain('mover');
    expect(
      (await store.listFeed({ region: 'shuswap', channel: 'local' }, now, 50)).map((s) => s.id),
    ).toContain('mover');
    expect(await store.listTombstones(okanagan, T0)).toContainEqual({
      storyId: 'mover',
      deletedAt: '2026-11-25T12:05:00.000Z',
    });
  });

  it('gives an expiring story and its entries a TTL, so DynamoDB removes them later', async () => {
    const expiresAt = '2026-12-01T00:00:00Z';
    await store.save(story(localStoryJson({ id: 'ttl', expiresAt })), undefined);
    const doc = table.documents;
    const epoch = Date.parse(expiresAt) / 1000;
    const storyItem = await doc.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'story#ttl', sk: 'story' } }),
    );
    expect(storyItem.Item?.ttl).toBe(epoch + 86_400);
    const entries = await doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'storyId = :id',
        ExpressionAttributeValues: { ':pk': 'feed#okanagan#local', ':id': 'ttl' },
      }),
    );
    expect(entries.Items?.map((item) => item.ttl)).toEqual([epoch]);
  });

  it('writes the worst case, 32 regions moved to 32 others, in one transaction', async () => {
    const first = REGIONS.slice(0, 32);
    const second = REGIONS.slice(32, 64);
    const v1 = story(localStoryJson({ id: 'wide', regions: first }));
    await store.save(v1, undefined);
    const v2 = story(
      localStoryJson({
        id: 'wide',
        version: 2,
        regions: second,
        embargoUntil: '2026-12-01T00:00:00Z',
        expiresAt: '2026-12-02T00:00:00Z',
      }),
      v1,
      new Date('2026-11-25T12:10:00Z'),
    );
    await store.save(v2, v1);
    const now = new Date('2026-12-01T00:00:01Z');
    expect(
      (await store.listFeed({ region: 'r40', channel: 'local' }, now, 5)).map((s) => s.id),
    ).toEqual(['wide']);
    expect(await store.listFeed({ region: 'r3', channel: 'local' }, now, 5)).toEqual([]);
  });
});
