import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { liveFilesKey } from '../../../lambdas/adapters/dynamodb/story-item.js';
import { FolderFeedStore } from '../../../lambdas/adapters/folder/folder-feed-store.js';
import type { FeedFile, FeedStore, PutOptions } from '../../../lambdas/core/ports.js';
import type { FeedRef } from '../../../lambdas/core/story/story.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { liveKeys } from '../../../lambdas/core/use-cases/live-files.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { publishFeeds } from '../../../lambdas/core/use-cases/publish-feeds.js';
import { rebuildAll } from '../../../lambdas/core/use-cases/rebuild-all.js';
import { sampleSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const regions = sampleSite.regions.map((r) => r.slug);
const feed: FeedRef = { region: 'okanagan', channel: 'wire' };
const keys = liveKeys(feed);
const clock = { now: () => new Date() };

/** What a publisher asked of the feed store: a counting wrapper around the real folder store. */
interface Calls {
  gets: string[];
  heads: string[];
  puts: Array<{ key: string; options: PutOptions }>;
}

function counting(inner: FeedStore, calls: Calls, fault?: (file: FeedFile) => Error | undefined) {
  const store: FeedStore = {
    get: (key) => {
      calls.gets.push(key);
      return inner.get(key);
    },
    head: (key) => {
      calls.heads.push(key);
      return inner.head(key);
    },
    put: async (file, options) => {
      calls.puts.push({ key: file.key, options });
      const error = fault?.(file);
      if (error) throw error;
      return inner.put(file, options);
    },
  };
  return store;
}

let table: TestStores;
let dir: string;
let folder: FolderFeedStore;
let calls: Calls;
let serial = 0;

beforeAll(async () => {
  table = await createTestStores();
});
afterAll(async () => {
  await table.drop();
});
beforeEach(async () => {
  // A table of its own per test would be slower; a feed folder of its own is enough when the
  // first publish of each test verifies against it (a rebuild's way), as any new bucket needs.
  dir = await mkdtemp(join(tmpdir(), 'dateline-live-'));
  folder = new FolderFeedStore(dir);
  await publishFeeds(deps(folder), [feed], { verify: true });
  calls = { gets: [], heads: [], puts: [] };
  return () => rm(dir, { recursive: true, force: true });
});

function deps(feeds: FeedStore): PublishDeps {
  return { stories: table.stories, feeds, clock, site: sampleSite, feedBaseUrl: 'http://x.test' };
}

async function ingest(): Promise<string> {
  const id = `live-${++serial}`;
  await ingestStory(
    { stories: table.stories, clock },
    parseStoryInput(
      wireStoryJson({ id, regions: ['okanagan'], publishedAt: new Date().toISOString() }),
      regions,
    ),
  );
  return id;
}

/** Each live file as the store holds it and as the feed's record has it. */
async function storeAndRecord() {
  const head = await table.stories.getFeedHead(feed);
  const stored = await Promise.all(keys.map((key) => folder.head(key)));
  return keys.map((key, i) => ({
    key,
    store: stored[i] && { etag: stored[i].etag, contentHash: stored[i].contentHash },
    record: head.live.files.get(key) && {
      etag: head.live.files.get(key)?.etag,
      contentHash: head.live.files.get(key)?.contentHash,
    },
  }));
}

describe('publishFeeds without a read before its writes', () => {
  it('renders an unchanged feed again without reading or writing any file or the record', async () => {
    const before = await table.stories.getFeedHead(feed);

    const report = await publishFeeds(deps(counting(folder, calls)), [feed]);

    expect(calls).toEqual({ gets: [], heads: [], puts: [] });
    expect(report).toMatchObject({ written: 0, unchanged: 4, retries: 0 });
    expect((await table.stories.getFeedHead(feed)).live.revision).toBe(before.live.revision);
  });

  it('writes a changed feed against the recorded ETags and records what it wrote', async () => {
    const recorded = (await table.stories.getFeedHead(feed)).live.files;
    const id = await ingest();

    const report = await publishFeeds(deps(counting(folder, calls)), [feed]);

    expect(calls.gets).toEqual([]);
    expect(calls.heads).toEqual([]);
    expect(report.written).toBe(4);
    expect(calls.puts.map((p) => [p.key, p.options.ifMatch])).toEqual(
      keys.map((key) => [key, recorded.get(key)?.etag]),
    );
    expect(String(await readFile(join(dir, 'feeds/okanagan/wire.json')))).toContain(id);
    for (const file of await storeAndRecord()) expect(file.record).toEqual(file.store);
  });

  it('recovers from the store when a file changed behind its back: the put loses, the retry heads', async () => {
    const rss = await folder.head(keys[0] as string);
    await folder.put(
      { key: keys[0] as string, contentType: 'application/rss+xml', body: '<rss>by hand</rss>' },
      { ifMatch: rss?.etag ?? null },
    );
    const id = await ingest();

    const report = await publishFeeds(deps(counting(folder, calls)), [feed]);

    expect(report.retries).toBe(1);
    expect(calls.gets).toEqual([]);
    expect(calls.heads.sort()).toEqual([...keys].sort());
    const text = String(await readFile(join(dir, keys[0] as string)));
    expect(text).not.toContain('by hand');
    expect(text).toContain(id);
    for (const file of await storeAndRecord()) expect(file.record).toEqual(file.store);
  });

  it('renders a table without a live record (an older version) by heading the files', async () => {
    await table.documents.send(
      new DeleteCommand({ TableName: table.tableName, Key: liveFilesKey(feed) }),
    );
    const id = await ingest();

    const report = await publishFeeds(deps(counting(folder, calls)), [feed]);

    expect(calls.gets).toEqual([]);
    expect(calls.heads.sort()).toEqual([...keys].sort());
    expect(report).toMatchObject({ written: 4, retries: 0 });
    expect(String(await readFile(join(dir, 'feeds/okanagan/wire.rss')))).toContain(id);
    for (const file of await storeAndRecord()) expect(file.record).toEqual(file.store);
  });

  it('empties the record when a write fails after others landed, so the next render heads', async () => {
    await ingest();
    const failing = counting(folder, calls, (file) =>
      file.key.endsWith('.json') ? new Error('S3 answered 500') : undefined,
    );

    await expect(publishFeeds(deps(failing), [feed])).rejects.toThrow('S3 answered 500');
    expect((await table.stories.getFeedHead(feed)).live.files.size).toBe(0);
    calls.heads = [];
    const report = await publishFeeds(deps(counting(folder, calls)), [feed]);

    expect(calls.heads.sort()).toEqual([...keys].sort());
    expect(report.written).toBe(1);
    for (const file of await storeAndRecord()) expect(file.record).toEqual(file.store);
  });

  it('restores a deleted file at a rebuild, which checks the store rather than the record', async () => {
    const bytes = await readFile(join(dir, 'feeds/okanagan/wire.atom'));
    await rm(join(dir, 'feeds/okanagan/wire.atom'));

    await rebuildAll(deps(counting(folder, calls)));

    expect(calls.heads).toContain('feeds/okanagan/wire.atom');
    expect(calls.puts.filter((p) => p.key.startsWith('feeds/okanagan/wire.'))).toEqual([
      { key: 'feeds/okanagan/wire.atom', options: expect.objectContaining({ ifMatch: null }) },
    ]);
    expect(await readFile(join(dir, 'feeds/okanagan/wire.atom'))).toEqual(bytes);
  });
});
