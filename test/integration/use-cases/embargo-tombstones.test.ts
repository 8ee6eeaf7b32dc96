import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import type { Clock } from '../../../lambdas/core/ports.js';
import { parseStoryInput, type Story } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import { publishFeeds } from '../../../lambdas/core/use-cases/publish-feeds.js';
import { sampleSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const regions = sampleSite.regions.map((r) => r.slug);
const okanagan = { region: 'okanagan', channel: 'wire' as const };
const shuswap = { region: 'shuswap', channel: 'wire' as const };
const T0 = Date.parse('2026-11-25T12:00:00Z');
const EMBARGO = '2026-11-25T18:00:00Z';

let table: TestStores;
let stories: DynamoDbStoryStore;
let time = T0;
const clock: Clock = { now: () => new Date(time) };

beforeAll(async () => {
  table = await createTestStores();
  stories = table.stories;
});
afterAll(async () => {
  await table.drop();
});

const post = (json: Record<string, unknown>) =>
  ingestStory({ stories, clock }, parseStoryInput(wireStoryJson(json), regions));

async function publishedState(feeds: InMemoryFeedStore) {
  await publishFeeds(
    { stories, feeds, clock, site: sampleSite, feedBaseUrl: 'http://localhost:3000' },
    [okanagan, shuswap],
  );
  const file = await feeds.get('feeds/okanagan/wire.atom');
  return { etag: file?.etag, atom: String(file?.body) };
}

describe('tombstones only for stories readers saw', () => {
  it('writes no deleted-entry, and leaves the feed untouched, for a kill under embargo', async () => {
    time = T0;
    const feeds = new InMemoryFeedStore();
    await post({ id: 'emb-kill', regions: ['okanagan'], embargoUntil: EMBARGO });
    const before = await publishedState(feeds);
    time = T0 + 60_000;
    await killStory({ stories, clock }, 'emb-kill');
    expect(await stories.listTombstones(okanagan, new Date(T0))).toEqual([]);
    const after = await publishedState(feeds);
    expect(after.atom).not.toContain('emb-kill');
    expect(after.etag).toBe(before.etag);
  });

  it('writes none for a story withheld or moved while under embargo', async () => {
    time = T0;
    await post({ id: 'emb-withheld', regions: ['okanagan'], embargoUntil: EMBARGO });
    await post({ id: 'emb-moved', regions: ['okanagan'], embargoUntil: EMBARGO });
    time = T0 + 60_000;
    await post({
      id: 'emb-withheld',
      version: 2,
      regions: ['okanagan'],
      embargoUntil: EMBARGO,
      status: 'withheld',
    });
    await post({ id: 'emb-moved', version: 2, regions: ['shuswap'], embargoUntil: EMBARGO });
    const ids = (await stories.listTombstones(okanagan, new Date(T0))).map((t) => t.storyId);
    expect(ids).not.toContain('emb-withheld');
    expect(ids).not.toContain('emb-moved');
  });

  it('still writes one for a story killed after its embargo lifted', async () => {
    time = T0;
    await post({ id: 'lifted-kill', regions: ['okanagan'], embargoUntil: EMBARGO });
    time = Date.parse(EMBARGO) + 60_000;
    await killStory({ stories, clock }, 'lifted-kill');
    expect(await stories.listTombstones(okanagan, new Date(T0))).toContainEqual({
      storyId: 'lifted-kill',
      deletedAt: new Date(time).toISOString(),
    });
  });
});

describe('stored dates compared as instants', () => {
  it('lists a story stored with a far-future expiry instead of treating it as expired', async () => {
    time = T0;
    const { story } = await post({ id: 'legacy-expiry', regions: ['okanagan'] });
    // A take stored before dates were range-checked: expiry in year 10000.
    const legacy: Story = { ...story, version: 2, expiresAt: '+010000-01-01T00:00:00.000Z' };
    await stories.save(legacy, await stories.get('legacy-expiry'));
    const listed = await stories.listFeed(okanagan, new Date(EMBARGO), 50);
    expect(listed.map((s) => s.id)).toContain('legacy-expiry');
  });
});
