import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPartnerStore } from '../../../lambdas/adapters/dynamodb/dynamodb-partner-store.js';
import { createLocalPartnerPush } from '../../../lambdas/adapters/push/local-partner-push.js';
import { startBatch } from '../../../lambdas/core/use-cases/render-batch.js';
import { createTestStores, type TestStores, watchCommands } from '../support/dynamodb.js';

/** Local mode's partner push: which feeds partners follow, read from DynamoDB Local. */
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const clock = { now: () => new Date('2026-12-06T10:00:00.000Z') };
let stores: TestStores;
let partners: DynamoDbPartnerStore;

beforeAll(async () => {
  stores = await createTestStores();
  partners = new DynamoDbPartnerStore({ client: stores.documents, tableName: stores.tableName });
});
afterAll(async () => {
  await stores?.drop();
});

async function register(name: string, feeds: string[]) {
  await partners.create({
    name,
    endpoint: 'https://partner.example.com/push',
    feeds,
    createdAt: clock.now().toISOString(),
    secret: 'p'.repeat(43),
  });
}

describe('local partner push: followed feeds', () => {
  it('reads the partners once for a batch of renders, and again for the next batch, which sees a partner registered between them', async () => {
    await register('first', ['okanagan/wire']);
    const push = createLocalPartnerPush({
      partners,
      clock,
      feedBaseUrl: () => 'https://feeds.example.org',
      log: silent,
    });
    const feeds = ['okanagan', 'shuswap', 'kootenay'].map((region) => ({
      region,
      channel: 'wire' as const,
    }));
    const watch = watchCommands(stores.documents);
    try {
      const batch = startBatch({ clock });
      const first = await Promise.all(feeds.map((feed) => push.follows(feed, batch)));
      expect(first).toEqual([true, false, false]);
      expect(watch.commands.filter((c) => c.name === 'QueryCommand')).toHaveLength(1);

      await register('second', ['shuswap/wire']);
      const next = startBatch({ clock });
      const second = await Promise.all(feeds.map((feed) => push.follows(feed, next)));
      expect(second).toEqual([true, true, false]);
      expect(watch.commands.filter((c) => c.name === 'QueryCommand')).toHaveLength(2);

      // Outside a batch (a render on its own), every call reads.
      await push.follows(feeds[2] as (typeof feeds)[number]);
      await push.follows(feeds[2] as (typeof feeds)[number]);
      expect(watch.commands.filter((c) => c.name === 'QueryCommand')).toHaveLength(4);
    } finally {
      watch.stop();
      await push.stop();
    }
  });
});
