import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../lambdas/adapters/dynamodb/client.js';
import { DynamoDbStoryStore } from '../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { planSave } from '../lambdas/adapters/dynamodb/save-plan.js';
import { InMemoryFeedStore } from '../lambdas/adapters/memory/in-memory-feed-store.js';
import { createFeedRenderer } from '../lambdas/core/formats/feed-renderer.js';
import type { FeedFile, FeedStore } from '../lambdas/core/ports.js';
import type { SiteConfig } from '../lambdas/core/site-config.js';
import type { Story } from '../lambdas/core/story/story.js';
import type { PublishDeps } from '../lambdas/core/use-cases/publish-deps.js';
import { publishFeeds } from '../lambdas/core/use-cases/publish-feeds.js';
import { ensureTable, ensureTableWithoutStream } from '../lambdas/local/ensure-table.js';
import { regions, site, siteWithRegions, storedWire } from './fixtures.js';
import type { Results } from './results.js';
import { heading, median, ms, pool, row, target, timeIt } from './stats.js';

const SAMPLES = 15;
/**
 * Batch writes in flight while loading the table. On an idle machine (2026-12-06) 4 loaded the
 * 99,000 stories in 72.9 s, 8 in 73.7–74.9 s and 32 in 82.0 s: more only queue in the JVM.
 */
const LOAD_CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 8);
const FEED = { region: 'okanagan', channel: 'wire' } as const;
/**
 * The stories added between the two measurements. They are older than the first 1,000, so
 * they lie behind every archive cursor, as most of a table that has run for a while does: the
 * question is whether a publish reads or skips over them (it should not). Dated newer than the
 * cursor they would be a backfill, and the next publish would archive a third of them at once.
 */
const FILLER = 99_000;

/**
 * A `*` wire story on a 200-region site; then publishing one feed (queries, render,
 * compare-and-swap writes into an in-memory feed store) with 1,000 and then 100,000 stories in
 * the table, by a warm publisher after one new story. The fan-out runs first, so DynamoDB
 * Local does not yet hold the 100,000 stories (over a gigabyte of its memory) while it runs.
 */
export async function scaleBench(endpoint: string, results: Results): Promise<void> {
  const client = createDynamoDbClient({ region: 'local', endpoint });
  const documents = createDocumentClient(client);
  try {
    heading('Fan-out: one `*` wire story on a 200-region site (warm publisher)');
    await starBench(documents, client, results);

    heading('Scale: one okanagan/wire publish against table size (warm publisher)');
    const table = `bench-scale-${randomUUID()}`;
    // No stream: this section calls the publisher itself (no poller reads one), and DynamoDB
    // Local's stream makes writes slower as it grows (README, local mode); with it, loading the
    // 99,000 stories took 71-92 s.
    await ensureTableWithoutStream(client, table);
    const deps = publisher(documents, table, site, new InMemoryFeedStore());
    await load(documents, table, FILLER, FILLER + 1_000);
    const small = await publishCost(deps);
    const loadMs = await timeIt(() => load(documents, table, 0, FILLER));
    row('loading 99,000 older stories (BatchWriteItem)', `${(loadMs / 1000).toFixed(1)} s`);
    const large = await publishCost(deps);
    row('with 1,000 stories (median)', ms(small));
    row('with 100,000 stories (median)', ms(large));
    results.publish_100k_ratio = large / small;
    target('100,000 / 1,000', results.publish_100k_ratio, 1.2, 'x');
  } finally {
    client.destroy();
  }
}

function publisher(
  documents: DynamoDBDocumentClient,
  tableName: string,
  config: SiteConfig,
  feeds: FeedStore,
) {
  return {
    stories: new DynamoDbStoryStore({ client: documents, tableName }),
    feeds,
    clock: { now: () => new Date() },
    site: config,
    feedBaseUrl: 'https://feeds.example.com',
    // A warm publisher keeps its renderer (and so its items) from one publish to the next.
    renderer: createFeedRenderer(),
  } satisfies PublishDeps;
}

/** Median publish time of FEED, each after one new story joined it. */
async function publishCost(deps: ReturnType<typeof publisher>): Promise<number> {
  await publishFeeds(deps, [FEED]);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const story = storedWire(`fresh-${randomUUID()}`, FEED.region, new Date().toISOString());
    await deps.stories.save(story, undefined);
    times.push(await timeIt(() => publishFeeds(deps, [FEED])));
  }
  return median(times);
}

/** Stories `from`..`to` straight into the table: 25-item batch writes, LOAD_CONCURRENCY at a time. */
async function load(
  documents: DynamoDBDocumentClient,
  table: string,
  from: number,
  to: number,
  make: (i: number) => Story = (i) =>
    storedWire(`archive-${i}`, regions[i % regions.length] as string, archiveDate(i)),
) {
  const items = [];
  for (let i = from; i < to; i++) {
    const plan = planSave({ story: make(i), previous: undefined, keepDays: 30 });
    items.push(plan.storyItem, ...plan.puts);
  }
  const batches = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await pool(batches, LOAD_CONCURRENCY, async (batch) => {
    let requests: Array<Record<string, unknown>> = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const output = await documents.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (output.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

function archiveDate(i: number): string {
  return new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString();
}

export async function starBench(
  documents: DynamoDBDocumentClient,
  client: ReturnType<typeof createDynamoDbClient>,
  results: Results,
) {
  const wide = siteWithRegions(200);
  const slugs = wide.regions.map((r) => r.slug);
  const table = `bench-star-${randomUUID()}`;
  await ensureTable(client, table);
  await load(documents, table, 0, 20, (i) => ({
    ...storedWire(`star-old-${i}`, '*', archiveDate(i)),
    regions: ['*'],
  }));
  await load(documents, table, 0, 400, (i) =>
    storedWire(`regional-${i}`, slugs[i % slugs.length] as string, archiveDate(i)),
  );
  const counting = countingStore(new InMemoryFeedStore());
  const deps = publisher(documents, table, wide, counting.store);
  const warmMs = await timeIt(() => publishFeeds(deps, [{ region: '*', channel: 'wire' }]));
  row('first publish of all 200 wire feeds', ms(warmMs));
  const story = { ...storedWire('star-new', '*', new Date().toISOString()), regions: ['*'] };
  await deps.stories.save(story, undefined);
  const before = { writes: counting.writes, items: deps.renderer.stats.items };
  const publishMs = await timeIt(() => publishFeeds(deps, [{ region: '*', channel: 'wire' }]));
  results.star_200_regions_publish_ms = publishMs;
  results.star_200_regions_renders = deps.renderer.stats.items - before.items;
  results.star_200_regions_writes = counting.writes - before.writes;
  row('publish time', ms(publishMs));
  row('story renders', String(results.star_200_regions_renders), 'each in all three formats');
  row(
    'feed store writes',
    String(results.star_200_regions_writes),
    '200 feeds × 3 formats + HTML view',
  );
}

function countingStore(inner: FeedStore) {
  const counter = {
    writes: 0,
    store: {
      get: (key: string) => inner.get(key),
      head: (key: string) => inner.head(key),
      put: (file: FeedFile, options: { ifMatch: string | null }) => {
        counter.writes++;
        return inner.put(file, options);
      },
    } as FeedStore,
  };
  return counter;
}
