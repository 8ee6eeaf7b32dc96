/**
 * Files written per affected feed per story, one story at a time into full feeds (issue 20's
 * `writes_per_feed_story_steady`): `npx tsx bench/archive-writes.ts [stories]`. Starts its own
 * DynamoDB Local, fills okanagan/wire past two archive pages, then posts `stories` more one at a
 * time, each published as a stream batch would be (publishChanges), and counts the feed-store
 * writes of feed files (formats, view, archive pages); story pages are counted apart.
 */
import { randomUUID } from 'node:crypto';
import { createDocumentClient, createDynamoDbClient } from '../lambdas/adapters/dynamodb/client.js';
import { DynamoDbStoryStore } from '../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { InMemoryFeedStore } from '../lambdas/adapters/memory/in-memory-feed-store.js';
import { createFeedRenderer } from '../lambdas/core/formats/feed-renderer.js';
import type { FeedStore } from '../lambdas/core/ports.js';
import { parseStoryInput } from '../lambdas/core/story/story.js';
import { feedRefsOf } from '../lambdas/core/story/story-rules.js';
import { ingestStory } from '../lambdas/core/use-cases/ingest-story.js';
import { publishChanges } from '../lambdas/core/use-cases/publish-changes.js';
import { startDynamoDbLocal } from '../lambdas/local/dynamodb-local.js';
import { ensureTable } from '../lambdas/local/ensure-table.js';
import { regions, site, wireJson } from './fixtures.js';

const measured = Number(process.argv[2] ?? 150);
const warm = 2 * (site.itemsPerFeed + site.archivePageSize);

export async function archiveWrites(endpoint: string, stories: number) {
  const client = createDynamoDbClient({ region: 'local', endpoint });
  const table = `bench-archive-${randomUUID()}`;
  await ensureTable(client, table);
  const store = new DynamoDbStoryStore({ client: createDocumentClient(client), tableName: table });
  const memory = new InMemoryFeedStore();
  const counts = { feedFiles: 0, pages: 0 };
  const feeds: FeedStore = {
    get: (key) => memory.get(key),
    head: (key) => memory.head(key),
    put: (file, options) => {
      if (file.key.startsWith('pages/')) counts.pages++;
      else counts.feedFiles++;
      return memory.put(file, options);
    },
  };
  const clock = { now: () => new Date() };
  const deps = {
    stories: store,
    feeds,
    clock,
    site,
    feedBaseUrl: 'https://feeds.example.org',
    renderer: createFeedRenderer(),
  };
  const start = Date.now() - (warm + stories + 10) * 60_000;
  const post = async (n: number) => {
    const json = {
      ...wireJson(`aw-${n}`, n),
      publishedAt: new Date(start + n * 60_000).toISOString(),
    };
    const { story } = await ingestStory({ stories: store, clock }, parseStoryInput(json, regions));
    await publishChanges(deps, { feeds: feedRefsOf(story), storyIds: [story.id], archivable: [] });
  };
  for (let n = 0; n < warm; n++) await post(n);
  counts.feedFiles = 0;
  counts.pages = 0;
  for (let n = warm; n < warm + stories; n++) await post(n);
  client.destroy();
  return { perFeedStory: counts.feedFiles / stories, pagesPerStory: counts.pages / stories };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dynamo = await startDynamoDbLocal({});
  try {
    const result = await archiveWrites(dynamo.endpoint, measured);
    console.log(
      `writes_per_feed_story_steady: ${result.perFeedStory.toFixed(3)} feed files per story ` +
        `(okanagan/wire only, ${measured} stories; itemsPerFeed ${site.itemsPerFeed}, ` +
        `archivePageSize ${site.archivePageSize}); story pages: ${result.pagesPerStory.toFixed(2)}`,
    );
  } finally {
    await dynamo.stop();
  }
}
