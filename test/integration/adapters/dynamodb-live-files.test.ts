import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveHeadKey } from '../../../lambdas/adapters/dynamodb/story-item.js';
import type { LiveFileState } from '../../../lambdas/core/ports.js';
import type { FeedRef } from '../../../lambdas/core/story/story.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

let table: TestStores;
let serial = 0;
beforeAll(async () => {
  table = await createTestStores();
});
afterAll(async () => {
  await table.drop();
});

/** A feed of its own for each test. */
const newFeed = (): FeedRef => ({ region: `live-${++serial}`, channel: 'wire' });

const state = (etag: string): LiveFileState => ({
  etag: `"${etag}"`,
  contentHash: `hash-of-${etag}`,
  lastModified: new Date('2026-12-06T04:00:01.234Z'),
});

describe('DynamoDbStoryStore live files', () => {
  it('reads no record and no head for a feed never rendered', async () => {
    const head = await table.stories.getFeedHead(newFeed());

    expect(head.archive).toEqual({ pages: 0 });
    expect(head.live.revision).toBeUndefined();
    expect(head.live.files.size).toBe(0);
  });

  it('reads the archive head and the recorded files together', async () => {
    const feed = newFeed();
    await table.documents.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...archiveHeadKey(feed), pages: 2, cursor: '2026-12-01T00:00:00.000Z#a' },
      }),
    );
    const files = new Map([['feeds/x.rss', state('a')]]);
    await table.stories.recordLiveFiles(feed, files, (await table.stories.getFeedHead(feed)).live);

    const head = await table.stories.getFeedHead(feed);

    expect(head.archive).toEqual({ pages: 2, cursor: '2026-12-01T00:00:00.000Z#a' });
    expect(head.live.revision).toEqual(expect.any(String));
    expect(head.live.files).toEqual(files);
  });

  it('records over the record it read, with a new revision each time', async () => {
    const feed = newFeed();
    await table.stories.recordLiveFiles(feed, new Map([['k', state('a')]]), { files: new Map() });
    const first = await table.stories.getFeedHead(feed);

    await table.stories.recordLiveFiles(feed, new Map([['k', state('b')]]), first.live);

    const second = await table.stories.getFeedHead(feed);
    expect(second.live.files.get('k')?.etag).toBe('"b"');
    expect(second.live.revision).not.toBe(first.live.revision);
  });

  it('empties the record instead when another writer recorded since it was read', async () => {
    const feed = newFeed();
    await table.stories.recordLiveFiles(feed, new Map([['k', state('a')]]), { files: new Map() });
    const read = (await table.stories.getFeedHead(feed)).live;
    await table.stories.recordLiveFiles(feed, new Map([['k', state('other')]]), read);

    await table.stories.recordLiveFiles(feed, new Map([['k', state('mine')]]), read);

    const after = await table.stories.getFeedHead(feed);
    expect(after.live.files.size).toBe(0);
    expect(after.live.revision).toEqual(expect.any(String));
  });

  it('empties a record it did not know of rather than write over it', async () => {
    const feed = newFeed();
    await table.stories.recordLiveFiles(feed, new Map([['k', state('a')]]), { files: new Map() });

    await table.stories.recordLiveFiles(feed, new Map([['k', state('b')]]), { files: new Map() });

    expect((await table.stories.getFeedHead(feed)).live.files.size).toBe(0);
  });
});
