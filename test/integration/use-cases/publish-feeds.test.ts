import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import { createFeedRenderer } from '../../../lambdas/core/formats/feed-renderer.js';
import type { FeedFile, FeedStore } from '../../../lambdas/core/ports.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { publishFeeds } from '../../../lambdas/core/use-cases/publish-feeds.js';
import { sampleSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const regions = sampleSite.regions.map((r) => r.slug);
const feed = { region: 'okanagan', channel: 'wire' as const };
let table: TestStores;
let stories: DynamoDbStoryStore;

beforeAll(async () => {
  table = await createTestStores();
  stories = table.stories;
});
afterAll(async () => {
  await table.drop();
});

const clock = { now: () => new Date() };
const ingest = (id: string) =>
  ingestStory(
    { stories, clock },
    parseStoryInput(
      wireStoryJson({ id, regions: ['okanagan'], publishedAt: new Date().toISOString() }),
      regions,
    ),
  );

function deps(feeds: FeedStore): PublishDeps {
  return { stories, feeds, clock, site: sampleSite, feedBaseUrl: 'http://localhost:3000' };
}

/**
 * A store that runs `meanwhile` just before the first write goes through: the interleaving of
 * two publishers that no real run produces on demand.
 */
function interleaved(store: FeedStore, meanwhile: () => Promise<void>): FeedStore {
  let pending: (() => Promise<void>) | undefined = meanwhile;
  return {
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    put: async (file: FeedFile, options) => {
      const run = pending;
      pending = undefined;
      if (run) await run();
      return store.put(file, options);
    },
  };
}

describe('publishFeeds', () => {
  it('never lets a stale render replace a fresher one: the loser re-queries and retries', async () => {
    const shared = new InMemoryFeedStore();
    await ingest('cas-first');
    await publishFeeds(deps(shared), [feed]);
    await ingest('cas-unpublished');
    const slow = interleaved(shared, async () => {
      await ingest('cas-second');
      await publishFeeds(deps(shared), [feed]);
    });
    const report = await publishFeeds(deps(slow), [feed]);
    expect(report.retries).toBe(1);
    const json = JSON.parse(String((await shared.get('feeds/okanagan/wire.json'))?.body)) as {
      items: Array<{ id: string }>;
    };
    expect(json.items.map((i) => i.id.split('/').pop())).toEqual(
      expect.arrayContaining(['cas-first', 'cas-unpublished', 'cas-second']),
    );
  });

  it('renders each affected feed once and skips files whose bytes did not change', async () => {
    const store = new InMemoryFeedStore();
    // Each feed is three formats plus its HTML view. A new bucket over a table whose feeds have
    // records of another bucket's files is a rebuild's business (verify).
    const files = regions.length * 4;
    const first = await publishFeeds(deps(store), [feed, feed, { region: '*', channel: 'wire' }], {
      verify: true,
    });
    expect(first.feeds).toBe(regions.length);
    expect(first.written).toBe(files);
    const again = await publishFeeds(deps(store), [{ region: '*', channel: 'wire' }]);
    expect(again).toMatchObject({ written: 0, unchanged: files });
  });
});

describe('publishFeeds with a warm renderer', () => {
  it('writes a `*` story once for every region, giving the bytes of a publisher that keeps nothing', async () => {
    const warm = { ...deps(new InMemoryFeedStore()), renderer: createFeedRenderer() };
    const star = (id: string, version = 1) =>
      ingestStory(
        { stories, clock },
        parseStoryInput(
          wireStoryJson({ id, version, regions: ['*'], publishedAt: new Date().toISOString() }),
          regions,
        ),
      );
    await star('warm-star-1');
    // Each publisher writes its own bucket over the one table: verify, not the other's record.
    await publishFeeds(warm, [{ region: '*', channel: 'wire' }], { verify: true });
    const before = { ...warm.renderer.stats };

    await star('warm-star-2');
    await star('warm-star-1', 2);
    await publishFeeds(warm, [{ region: '*', channel: 'wire' }]);
    const cold = deps(new InMemoryFeedStore());
    await publishFeeds(cold, [{ region: '*', channel: 'wire' }], { verify: true });

    expect(regions.length).toBeGreaterThan(1);
    expect(warm.renderer.stats.items - before.items).toBe(2);
    for (const region of regions) {
      for (const format of ['rss', 'atom', 'json', 'html']) {
        const key = `feeds/${region}/wire.${format}`;
        expect(String((await warm.feeds.get(key))?.body)).toBe(
          String((await cold.feeds.get(key))?.body),
        );
      }
    }
  });
});
