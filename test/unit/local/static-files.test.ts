import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderFeedStore } from '../../../lambdas/adapters/folder/folder-feed-store.js';
import { serveFile } from '../../../lambdas/local/static-files.js';

const KEY = 'feeds/okanagan/wire.atom';
const TYPE = 'application/atom+xml; charset=utf-8';
let root: string;
let store: FolderFeedStore;
let server: Server;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dateline-static-'));
  store = new FolderFeedStore(root);
  server = createServer((req, res) => {
    serveFile(req, res, store, KEY).then((served) => {
      if (!served) res.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}/`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(root, { recursive: true, force: true });
});

async function publish(body: string) {
  const current = await store.get(KEY);
  await store.put(
    { key: KEY, contentType: TYPE, body },
    { ifMatch: current?.etag ?? null, previousLastModified: current?.lastModified },
  );
}

describe('serveFile validators', () => {
  it('lets a reader sending only If-Modified-Since see a kill made within the same second', async () => {
    await publish('<feed>with the story</feed>');
    const first = await fetch(base);
    const lastModified = first.headers.get('last-modified') ?? '';
    await first.text();

    await publish('<feed>story killed</feed>');
    const again = await fetch(base, { headers: { 'if-modified-since': lastModified } });

    expect(again.status).toBe(200);
    expect(await again.text()).toBe('<feed>story killed</feed>');
    const latest = again.headers.get('last-modified') ?? '';
    expect(Date.parse(latest)).toBeGreaterThan(Date.parse(lastModified));
    const unchanged = await fetch(base, { headers: { 'if-modified-since': latest } });
    expect(unchanged.status).toBe(304);
  });

  it('answers 304 to an unchanged feed, and a stale strong ETag wins over If-Modified-Since', async () => {
    await publish('<feed>one</feed>');
    const first = await fetch(base);
    await first.text();
    const etag = first.headers.get('etag') ?? '';
    const unchanged = await fetch(base, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);

    await publish('<feed>two</feed>');
    const stale = await fetch(base, {
      headers: {
        'if-none-match': etag,
        'if-modified-since': new Date(Date.now() + 86_400_000).toUTCString(),
      },
    });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe('<feed>two</feed>');
  });
});
