import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../../lambdas/adapters/dynamodb/table-definition.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { sharedDynamoDbEndpoint, TEST_REGION } from '../support/dynamodb.js';
import { api, startTestApp } from '../support/local-app.js';

// The rebuild half of docs/deploy.md 9a: the table restored to a point in time (a new table,
// without a stream until step 2 turns it on), the publisher pointed at it, and a rebuild over
// the files written after that point.
const site = testSite({ itemsPerFeed: 3, archivePageSize: 2 });
const NOW = new Date('2026-12-05T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const original = `local-${randomUUID()}`;
const restored = `restored-${randomUUID()}`;
let dir: string;
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;

async function publicFiles(): Promise<Map<string, string>> {
  const root = join(dir, 'feeds');
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.meta.json') || entry.name.startsWith('.'))
      continue;
    const path = join(entry.parentPath, entry.name);
    // Each app serves on a port of its own, which every absolute link names.
    const text = (await readFile(path, 'utf8')).replaceAll(/http:\/\/localhost:\d+/g, 'BASE');
    files.set(relative(root, path), text);
  }
  return files;
}

async function post(app: LocalApp, id: string, minutesAgo: number) {
  const response = await api(app, 'POST', '/stories', {
    ...localStoryJson({ id, regions: ['okanagan'], publishedAt: ago(minutesAgo) }),
    url: `https://gazette.example.org/okanagan/${id}`,
  });
  expect(response.status).toBe(201);
}

/** A point-in-time restore: every item, into a new table that has no stream. */
async function restoreTo(items: Record<string, unknown>[]): Promise<void> {
  const { StreamSpecification: _none, ...withoutStream } = tableDefinition(restored);
  await client.send(new CreateTableCommand(withoutStream));
  for (let i = 0; i < items.length; i += 25) {
    await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [restored]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  // Step 2 of the walk: the stream the publisher is driven by.
  await client.send(
    new UpdateTableCommand({
      TableName: restored,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const { Table } = await client.send(new DescribeTableCommand({ TableName: restored }));
  expect(Table?.LatestStreamArn).toBeDefined();
}

async function scanAll(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

let atRestorePoint: Map<string, string>;
let afterRestore: LocalApp | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-restore-'));
  client = new DynamoDBClient({
    region: TEST_REGION,
    endpoint: await sharedDynamoDbEndpoint(),
    credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
  });
  documents = DynamoDBDocumentClient.from(client);
  const before = await startTestApp({
    site,
    dataDir: dir,
    tableName: original,
    clock: { now: () => NOW },
  });
  try {
    for (let n = 0; n < 8; n++) await post(before, `restore-${n}`, 600 - n * 10);
    await before.settled();
    await before.sweep(); // the sitemap files follow the stories at the sweep
    atRestorePoint = await publicFiles();
    const snapshot = await scanAll(original);
    // After the restore point: a new story, a kill, and late copy onto an archive page.
    await post(before, 'after-the-point', 5);
    await before.settled(); // the feed reaches 5 stories: page 3 closes
    expect((await api(before, 'DELETE', '/stories/restore-7')).status).toBe(200);
    await post(before, 'late-after-the-point', 2000);
    await before.settled();
    await before.sweep();
    await restoreTo(snapshot);
  } finally {
    await before.stop();
  }
});

afterAll(async () => {
  await afterRestore?.stop();
  client?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('rebuild after a point-in-time restore (docs/deploy.md 9a, steps 3 and 4)', () => {
  it('renders every feed, archive page and live page as the restored table holds them', async () => {
    const stale = await publicFiles();
    expect(stale.get('feeds/okanagan/local.json')).toContain('after-the-point');
    expect(stale.get('pages/restore-7.html')).toContain('noindex');

    afterRestore = await startTestApp({
      site,
      dataDir: dir,
      tableName: restored,
      clock: { now: () => NOW },
    });
    const response = await api(afterRestore, 'POST', '/rebuild');
    expect(response.status).toBe(202);
    await afterRestore.settled();

    const rebuilt = await publicFiles();
    // Every file there was at the restore point is back as it was then: the new story and the
    // late copy are off the feeds and archive pages, the killed story is live again.
    for (const [name, text] of atRestorePoint) expect(rebuilt.get(name), name).toBe(text);
    // What the restored table never heard of stays, linked from no feed: the pages of stories
    // first sent after the point, the archive page closed after it, and the day sitemap of a day
    // only after-the-point copy was dated in, named by no rebuilt index (docs/deploy.md says so).
    expect([...rebuilt.keys()].filter((name) => !atRestorePoint.has(name)).sort()).toEqual([
      'feeds/okanagan/local/archive/3.atom',
      'feeds/okanagan/local/archive/3.html',
      'feeds/okanagan/local/archive/3.json',
      'feeds/okanagan/local/archive/3.rss',
      'pages/after-the-point.html',
      'pages/late-after-the-point.html',
      'sitemaps/2026-12-04.xml',
    ]);
    expect(rebuilt.get('sitemap.xml')).not.toContain('2026-12-04');
    const linked = [...rebuilt.entries()].filter(([name]) => !name.includes('/archive/3.'));
    expect(linked.filter(([, text]) => text.includes('archive/3.'))).toEqual([]);
  });
});
