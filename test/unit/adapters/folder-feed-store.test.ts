import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderFeedStore } from '../../../lambdas/adapters/folder/folder-feed-store.js';
import { feedStoreContract } from './feed-store-contract.js';

const roots: string[] = [];
async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dateline-folder-store-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

feedStoreContract('FolderFeedStore', async () => new FolderFeedStore(await tempRoot()));

const rss = (body: string) => ({
  key: 'feeds/okanagan/local.rss',
  contentType: 'application/rss+xml; charset=utf-8',
  body,
});

describe('FolderFeedStore', () => {
  it('writes a key to the file of that path under its root', async () => {
    const root = await tempRoot();

    await new FolderFeedStore(root).put(rss('<rss/>'), { ifMatch: null });

    expect(await readFile(join(root, 'feeds/okanagan/local.rss'), 'utf8')).toBe('<rss/>');
  });

  it('keeps files, ETags and content types across instances (a restart)', async () => {
    const root = await tempRoot();
    const { etag } = await new FolderFeedStore(root).put(rss('<rss/>'), { ifMatch: null });

    const reopened = await new FolderFeedStore(root).get('feeds/okanagan/local.rss');

    expect(reopened?.etag).toBe(etag);
    expect(reopened?.contentType).toBe('application/rss+xml; charset=utf-8');
  });

  it('writes the content type again when the folder was emptied under it (a rebuild into an empty folder)', async () => {
    const root = await tempRoot();
    const store = new FolderFeedStore(root);
    const opml = { key: 'feeds.opml', contentType: 'text/x-opml; charset=utf-8', body: '<opml/>' };
    await store.put(opml, { ifMatch: null });
    await rm(join(root, 'feeds.opml'));
    await rm(join(root, 'feeds.opml.meta.json'));

    await store.put(opml, { ifMatch: null });

    expect(JSON.parse(await readFile(join(root, 'feeds.opml.meta.json'), 'utf8'))).toEqual({
      contentType: 'text/x-opml; charset=utf-8',
    });
    expect((await new FolderFeedStore(root).get('feeds.opml'))?.contentType).toBe(
      'text/x-opml; charset=utf-8',
    );
  });

  it('takes lastModified from the file mtime', async () => {
    const root = await tempRoot();
    const store = new FolderFeedStore(root);
    await store.put(rss('<rss/>'), { ifMatch: null });
    const mtime = new Date('2026-02-03T04:05:06Z');

    await utimes(join(root, 'feeds/okanagan/local.rss'), mtime, mtime);

    expect((await store.get('feeds/okanagan/local.rss'))?.lastModified).toEqual(mtime);
  });

  it('derives the content type from the extension when a file has no sidecar', async () => {
    const root = await tempRoot();
    await mkdir(join(root, 'feeds/shuswap'), { recursive: true });
    await writeFile(join(root, 'feeds/shuswap/wire.atom'), '<feed/>');

    const stored = await new FolderFeedStore(root).get('feeds/shuswap/wire.atom');

    expect(stored?.contentType).toBe('application/atom+xml; charset=utf-8');
  });

  it.each([
    '../outside.rss',
    'feeds/../../outside.rss',
    '/etc/passwd',
    'feeds\\okanagan\\local.rss',
    'feeds//local.rss',
    './feeds/local.rss',
    '',
    'feeds/local.rss.meta.json',
  ])('refuses the key %j', async (key) => {
    const root = await tempRoot();
    const store = new FolderFeedStore(join(root, 'store'));

    await expect(
      store.put({ key, contentType: 'x', body: 'x' }, { ifMatch: null }),
    ).rejects.toThrow(/invalid feed store key/);
    await expect(store.get(key)).rejects.toThrow(/invalid feed store key/);
    expect(await readdir(root)).toEqual([]);
  });

  it('leaves no temporary files behind after racing writers', async () => {
    const root = await tempRoot();
    const store = new FolderFeedStore(root);
    const { etag } = await store.put(rss('v0'), { ifMatch: null });

    await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.put(rss(`v${i + 1}`), { ifMatch: etag })),
    );

    expect((await readdir(join(root, 'feeds/okanagan'))).sort()).toEqual([
      'local.rss',
      'local.rss.meta.json',
    ]);
  });

  // A reader that took the old bytes and the new file's ETag made the local server's gzip cache
  // (keyed by ETag) serve a feed without its newest story for good.
  it('gives every read the ETag of the bytes it returns while a writer replaces the file', async () => {
    const store = new FolderFeedStore(await tempRoot());
    let { etag } = await store.put(rss('v0'), { ifMatch: null });
    const mismatched: string[] = [];
    const sha = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url')}"`;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const file = await store.get('feeds/okanagan/local.rss');
        if (file && file.etag !== sha(file.body)) mismatched.push(file.body.toString());
      }
    })();
    for (let i = 1; i <= 300; i++) {
      ({ etag } = await store.put(rss(`v${i}`.padEnd(40, '.')), { ifMatch: etag }));
    }
    writing = false;
    await reader;

    expect(mismatched).toEqual([]);
  });
});
