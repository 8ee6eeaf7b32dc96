import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { Feed } from 'feed';
import { createDynamoDbClient } from '../lambdas/adapters/dynamodb/client.js';
import { readSiteFromCdkJson } from '../lambdas/config.js';
import { buildFeedDocument } from '../lambdas/core/feed/feed-document.js';
import { renderFeedFiles } from '../lambdas/core/feed/render-feed-files.js';
import { parseStoryInput, resolveStory, type Story } from '../lambdas/core/story.js';
import { startDynamoDbLocal } from '../lambdas/local/dynamodb-local.js';
import { ensureTable } from '../lambdas/local/ensure-table.js';
import { startLocalApp } from '../lambdas/local/local-app.js';
import { ms, percentile, pool, row, timeIt } from './stats.js';

const site = readSiteFromCdkJson('cdk.json');
const regions = site.regions.map((r) => r.slug);
const TOKEN = 'bench-token-0123456789abcdef';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function wireJson(id: string, i: number, region = 'okanagan'): Record<string, unknown> {
  return {
    id,
    version: 1,
    channel: 'wire',
    regions: [region],
    headline: `Bench story ${i}: council weighs a new transit plan`,
    summary: 'A summary line for the benchmark',
    bodyHtml: `<p>${'Council members debated the plan at length. '.repeat(100)}</p>`,
    byline: [{ name: 'Bench Writer', title: 'The Bench Wire' }],
    dateline: 'KELOWNA',
    publishedAt: new Date(Date.now() - i * 1000).toISOString(),
  };
}

async function main(): Promise<void> {
  console.log('Dateline benchmarks (numbers from this machine; run `npm run bench`)\n');
  const dynamo = await startDynamoDbLocal({});
  try {
    await renderBench();
    await localBench(dynamo.endpoint);
  } finally {
    await dynamo.stop();
  }
  const mem = process.memoryUsage();
  console.log(
    `\nbench process: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
}

async function renderBench(): Promise<void> {
  console.log('Render: one wire feed of 50 stories (~4.5 KB bodies), all three formats');
  const now = new Date();
  const stories: Story[] = Array.from({ length: 50 }, (_, i) =>
    resolveStory(parseStoryInput(wireJson(`render-${i}`, i), regions), undefined, now),
  );
  const ctx = {
    site,
    feedBaseUrl: 'http://localhost:3000',
    feed: { region: 'okanagan', channel: 'wire' as const },
    now,
  };
  const ours: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < 60; run++) {
    ours.push(await timeIt(() => renderFeedFiles(buildFeedDocument(ctx, stories, []))));
    raw.push(await timeIt(() => rawFeed6(stories)));
  }
  const a = percentile(ours.slice(10), 50);
  const b = percentile(raw.slice(10), 50);
  row('Dateline render (median)', ms(a));
  row('bare feed@6 rss2+atom1+json1 (median)', ms(b), 'no cleaning, no extensions, JSON Feed 1.0');
  row('ratio Dateline / bare feed@6', `${(a / b).toFixed(2)}x`);
}

function rawFeed6(stories: readonly Story[]): void {
  const feed = new Feed({ title: site.title, id: site.baseUrl, link: site.baseUrl, copyright: '' });
  for (const s of stories) {
    feed.addItem({
      title: s.headline,
      id: `tag:news.example.com,2026-01-01:story/${s.id}`,
      link: s.url ?? site.baseUrl,
      date: new Date(s.publishedAt),
      content: s.bodyHtml,
    });
  }
  feed.rss2();
  feed.atom1();
  feed.json1();
}

async function localBench(endpoint: string): Promise<void> {
  const app = await startLocalApp({
    site,
    port: 0,
    token: TOKEN,
    seed: false,
    dynamodbEndpoint: endpoint,
    tableName: `bench-${randomUUID()}`,
    log: silent,
    sweepIntervalMs: 250,
  });
  try {
    const post = (body: unknown) =>
      fetch(`${app.url}/stories`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    console.log('\nIngest → visible in the JSON feed (local mode, 30 sequential posts)');
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `visible-${i}`;
      const started = performance.now();
      const response = await post({
        ...wireJson(id, 0, 'shuswap'),
        publishedAt: new Date().toISOString(),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
      for (;;) {
        const feed = (await (await fetch(`${app.url}/feeds/shuswap/wire.json`)).json()) as {
          items: Array<{ id: string }>;
        };
        if (feed.items.some((item) => item.id.endsWith(`/${id}`))) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - started);
    }
    row('median', ms(percentile(latencies, 50)));
    row('p95', ms(percentile(latencies, 95)));
    row('max', ms(Math.max(...latencies)));

    console.log('\nIngest rate: 400 stories over HTTP, 16 concurrent senders');
    const ids = Array.from({ length: 400 }, (_, i) => i);
    const httpMs = await timeIt(() =>
      pool(
        ids,
        16,
        async (i) => void (await post(wireJson(`rate-${i}`, i, regions[i % regions.length]))),
      ),
    );
    const rawClient = createDynamoDbClient({ region: 'local', endpoint });
    const rawTable = `bench-raw-${randomUUID()}`;
    await ensureTable(rawClient, rawTable);
    const rawMs = await timeIt(() =>
      pool(ids, 16, async (i) => {
        await rawClient.send(
          new PutItemCommand({
            TableName: rawTable,
            Item: {
              pk: { S: `raw#${i}` },
              sk: { S: 'story' },
              body: { S: JSON.stringify(wireJson(`raw-${i}`, i)) },
            },
          }),
        );
      }),
    );
    const httpRate = 400 / (httpMs / 1000);
    const rawRate = 400 / (rawMs / 1000);
    row(
      'Dateline POST /stories',
      `${httpRate.toFixed(0)} /s`,
      'validate + sanitise + transaction (story + entry)',
    );
    row('raw DynamoDB Local PutItem', `${rawRate.toFixed(0)} /s`);
    row('ratio Dateline / raw put', `${(httpRate / rawRate).toFixed(2)}x`);
    await app.settled();

    console.log('\nPublish cost against table size (one okanagan/wire render, median of 20)');
    const before = await publishMedian(app.url, post);
    await pool(
      Array.from({ length: 2000 }, (_, i) => i),
      16,
      async (i) =>
        void (await post(wireJson(`bulk-${i}`, i + 500, i % 2 ? 'shuswap' : 'kootenay'))),
    );
    await app.settled();
    const after = await publishMedian(app.url, post);
    row('with ~430 stories in the table', ms(before));
    row('with ~2430 stories in the table', ms(after));
    row('ratio', `${(after / before).toFixed(2)}x`, 'a render is one bounded Query per partition');
  } finally {
    await app.stop();
  }
}

/** Median time from a post to okanagan/wire until the feed shows it: dominated by the render. */
async function publishMedian(
  url: string,
  post: (body: unknown) => Promise<Response>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const id = `pub-${randomUUID()}`;
    const started = performance.now();
    await post({ ...wireJson(id, 0, 'okanagan'), publishedAt: new Date().toISOString() });
    for (;;) {
      const feed = (await (await fetch(`${url}/feeds/okanagan/wire.json`)).json()) as {
        items: Array<{ id: string }>;
      };
      if (feed.items.some((item) => item.id.endsWith(`/${id}`))) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
