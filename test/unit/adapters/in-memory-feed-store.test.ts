import { describe, expect, it } from 'vitest';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import { feedStoreContract } from './feed-store-contract.js';

feedStoreContract('InMemoryFeedStore', async () => new InMemoryFeedStore());

describe('InMemoryFeedStore', () => {
  it('stamps lastModified from its clock', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const store = new InMemoryFeedStore({ clock: { now: () => now } });

    await store.put(
      { key: 'index.html', contentType: 'text/html', body: '<p>' },
      { ifMatch: null },
    );

    expect((await store.get('index.html'))?.lastModified).toEqual(now);
  });

  it('lists its keys, sorted', async () => {
    const store = new InMemoryFeedStore();
    await store.put({ key: 'feeds/b.rss', contentType: 'x', body: 'b' }, { ifMatch: null });
    await store.put({ key: 'feeds/a.rss', contentType: 'x', body: 'a' }, { ifMatch: null });

    expect(store.keys()).toEqual(['feeds/a.rss', 'feeds/b.rss']);
  });

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const store = new InMemoryFeedStore();
    await store.put({ key: 'k', contentType: 'x', body: 'abc' }, { ifMatch: null });

    (await store.get('k'))?.body.fill(0);

    expect((await store.get('k'))?.body.toString()).toBe('abc');
  });
});
