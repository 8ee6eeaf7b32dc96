import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../lambdas/core/errors.js';
import type { FeedFile, FeedStore } from '../../../lambdas/core/ports.js';
import { contentHashOf } from '../../../lambdas/core/use-cases/content-hash.js';

const RSS = 'application/rss+xml; charset=utf-8';
const KEY = 'feeds/okanagan/local.rss';

const file = (body: string, overrides: Partial<FeedFile> = {}): FeedFile => ({
  key: KEY,
  contentType: RSS,
  body,
  ...overrides,
});

/**
 * The FeedStore compare-and-swap contract, run against every implementation that can run in a
 * unit test. `createStore` gives each test a fresh, empty store.
 */
export function feedStoreContract(name: string, createStore: () => Promise<FeedStore>): void {
  describe(`${name} (FeedStore contract)`, () => {
    it('answers undefined for a key that was never written', async () => {
      const store = await createStore();

      expect(await store.get(KEY)).toBeUndefined();
    });

    it('creates a file with ifMatch null and reads back its bytes, ETag and content type', async () => {
      const store = await createStore();
      const before = Date.now();

      const { etag } = await store.put(file('<rss>Café — «Kelowna»</rss>'), { ifMatch: null });

      const stored = await store.get(KEY);
      expect(stored?.body.toString('utf8')).toBe('<rss>Café — «Kelowna»</rss>');
      expect(stored?.etag).toBe(etag);
      expect(stored?.contentType).toBe(RSS);
      expect(stored?.lastModified.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(stored?.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('gives a strong ETag derived from the content', async () => {
      const store = await createStore();

      const a = await store.put(file('same'), { ifMatch: null });
      const b = await store.put(file('same', { key: 'feeds/shuswap/local.rss' }), {
        ifMatch: null,
      });
      const c = await store.put(file('other', { key: 'feeds/shuswap/wire.rss' }), {
        ifMatch: null,
      });

      expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(b.etag).toBe(a.etag);
      expect(c.etag).not.toBe(a.etag);
    });

    it('heads a file with its ETag and the content hash of its bytes, without the body', async () => {
      const store = await createStore();
      const { etag } = await store.put(file('<rss>Café</rss>'), { ifMatch: null });

      const head = await store.head(KEY);

      expect(head).toEqual({
        etag,
        lastModified: (await store.get(KEY))?.lastModified,
        contentHash: contentHashOf('<rss>Café</rss>'),
      });
      expect(await store.head('feeds/okanagan/wire.rss')).toBeUndefined();
    });

    it('heads the new ETag and hash after a replace', async () => {
      const store = await createStore();
      const first = await store.put(file('first'), { ifMatch: null });
      const second = await store.put(file('second'), { ifMatch: first.etag });

      expect(await store.head(KEY)).toMatchObject({
        etag: second.etag,
        contentHash: contentHashOf('second'),
      });
    });

    it('refuses to create a file that already exists', async () => {
      const store = await createStore();
      await store.put(file('first'), { ifMatch: null });

      await expect(store.put(file('second'), { ifMatch: null })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect((await store.get(KEY))?.body.toString()).toBe('first');
    });

    it('replaces a file when ifMatch is its current ETag', async () => {
      const store = await createStore();
      const first = await store.put(file('first'), { ifMatch: null });

      const second = await store.put(file('second', { contentType: 'text/plain' }), {
        ifMatch: first.etag,
      });

      const stored = await store.get(KEY);
      expect(stored?.body.toString()).toBe('second');
      expect(stored?.etag).toBe(second.etag);
      expect(stored?.contentType).toBe('text/plain');
      expect(second.etag).not.toBe(first.etag);
    });

    it('moves lastModified forward a whole second per change, however close the writes', async () => {
      const store = await createStore();
      const first = await store.put(file('<rss>1</rss>'), { ifMatch: null });
      const before = await store.get(KEY);
      await store.put(file('<rss>2</rss>'), {
        ifMatch: first.etag,
        previousLastModified: before?.lastModified,
      });
      const after = await store.get(KEY);
      const second = (date?: Date) => Math.floor((date?.getTime() ?? Number.NaN) / 1000);

      expect(second(after?.lastModified)).toBeGreaterThanOrEqual(second(before?.lastModified) + 1);
    });

    it('refuses a write whose ETag is stale', async () => {
      const store = await createStore();
      const first = await store.put(file('first'), { ifMatch: null });
      await store.put(file('second'), { ifMatch: first.etag });

      await expect(store.put(file('stale'), { ifMatch: first.etag })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect((await store.get(KEY))?.body.toString()).toBe('second');
    });

    it('refuses a write with an ETag when nothing is stored', async () => {
      const store = await createStore();

      await expect(store.put(file('x'), { ifMatch: '"nothing-here"' })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await store.get(KEY)).toBeUndefined();
    });

    it('answers a write with the ETag a head then gives and a Last-Modified at or after its own', async () => {
      const store = await createStore();
      const first = await store.put(file('v1'), {
        ifMatch: null,
        contentHash: contentHashOf('v1'),
      });
      const second = await store.put(file('v2'), {
        ifMatch: first.etag,
        previousLastModified: first.lastModified,
        contentHash: contentHashOf('v2'),
      });

      const head = await store.head(KEY);
      expect(head).toMatchObject({ etag: second.etag, contentHash: contentHashOf('v2') });
      expect(second.lastModified.getTime()).toBeGreaterThanOrEqual(
        head?.lastModified.getTime() ?? 0,
      );
      expect(Math.floor(second.lastModified.getTime() / 1000)).toBeGreaterThan(
        Math.floor(first.lastModified.getTime() / 1000),
      );
    });

    it('keeps keys independent', async () => {
      const store = await createStore();
      await store.put(file('local'), { ifMatch: null });

      await store.put(file('wire', { key: 'feeds/okanagan/wire.rss' }), { ifMatch: null });

      expect((await store.get(KEY))?.body.toString()).toBe('local');
      expect((await store.get('feeds/okanagan/wire.rss'))?.body.toString()).toBe('wire');
      expect(await store.get('feeds/okanagan/local.atom')).toBeUndefined();
    });

    it('lets exactly one of 20 concurrent writers from the same ETag win', async () => {
      const store = await createStore();
      const { etag } = await store.put(file('v0'), { ifMatch: null });

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.put(file(`writer ${i}`), { ifMatch: etag })),
      );

      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((r) => r.reason instanceof PreconditionFailedError)).toBe(true);
      expect((await store.get(KEY))?.body.toString()).toBe(`writer ${won[0]}`);
    });

    it('lets exactly one of 20 concurrent creators win', async () => {
      const store = await createStore();

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.put(file(`creator ${i}`), { ifMatch: null })),
      );

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  });
}
