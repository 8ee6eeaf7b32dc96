import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entrySortKey } from '../../../lambdas/adapters/dynamodb/story-item.js';
import type { SharedReads } from '../../../lambdas/core/story/feed-selection.js';
import { parseStoryInput, resolveStory, type Story } from '../../../lambdas/core/story/story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores, watchCommands } from '../support/dynamodb.js';

const REGIONS = ['okanagan', 'shuswap'];
const now = new Date('2026-11-26T12:00:00Z');
const okanagan = { region: 'okanagan', channel: 'wire' as const };
const shuswap = { region: 'shuswap', channel: 'wire' as const };

function wire(id: string, regions: string[], minute: number): Story {
  const publishedAt = new Date(Date.UTC(2026, 10, 26, 8, minute)).toISOString();
  const json = wireStoryJson({ id, regions, headline: `Story ${id}`, publishedAt });
  return resolveStory(parseStoryInput(json, REGIONS), undefined, new Date(publishedAt));
}

let table: TestStores;
let sent: ReturnType<typeof watchCommands>;
/** The partition of every Query sent since `sent` was emptied. */
const queried = () =>
  sent.commands
    .filter((c) => c.name === 'QueryCommand')
    .map(
      (c) =>
        (c.input as { ExpressionAttributeValues: { ':pk': string } }).ExpressionAttributeValues[
          ':pk'
        ],
    );
const stories: Story[] = [];

beforeAll(async () => {
  table = await createTestStores();
  sent = watchCommands(table.documents);
  // Every-region stories and each region's own, interleaved in time.
  for (let minute = 0; minute < 24; minute++) {
    const regions = minute % 3 === 0 ? ['*'] : [REGIONS[minute % 2] as string];
    stories.push(wire(`shared-${minute}`, regions, minute));
  }
  for (const story of stories) await table.stories.save(story, undefined);
  await table.stories.save(
    { ...stories[3], killedAt: '2026-11-26T09:00:00Z', status: 'canceled' } as Story,
    stories[3],
  );
});
afterAll(async () => {
  sent.stop();
  await table.drop();
});

const ids = (list: readonly Story[]) => list.map((story) => story.id);

describe('feed listings that share their reads', () => {
  it('list exactly what each feed lists alone, whatever its cursor and limit', async () => {
    const sorted = stories.map(entrySortKey).sort();
    const cursors = [undefined, sorted[2], sorted[9], sorted[15], sorted[23]];
    for (const limit of [3, 8, 50]) {
      const shared: SharedReads = { reads: new Map() };
      for (const after of cursors) {
        for (const feed of [okanagan, shuswap]) {
          const alone = await table.stories.listFeed(feed, now, limit, after);
          const together = await table.stories.listFeed(feed, now, limit, after, shared);
          expect(ids(together)).toEqual(ids(alone));
        }
      }
    }
  });

  it('read the every-region partition once for both regions, entries and tombstones', async () => {
    const since = new Date('2026-11-20T00:00:00Z');
    const shared: SharedReads = { reads: new Map() };
    sent.commands.length = 0;
    const listed = await Promise.all(
      [okanagan, shuswap].map(async (feed) => ({
        stories: await table.stories.listFeed(feed, now, 50, undefined, shared),
        tombstones: await table.stories.listTombstones(feed, since, shared),
      })),
    );
    const every = queried().filter((pk) => pk.includes('#*#'));
    expect(every).toHaveLength(2);
    expect(new Set(every).size).toBe(2);
    expect(queried()).toHaveLength(6);
    for (const [i, feed] of [okanagan, shuswap].entries()) {
      expect(ids(listed[i]?.stories ?? [])).toEqual(
        ids(await table.stories.listFeed(feed, now, 50)),
      );
      expect(listed[i]?.tombstones).toEqual(await table.stories.listTombstones(feed, since));
    }
    expect(listed[0]?.tombstones.map((t) => t.storyId)).toEqual(['shared-3']);
  });

  it('without a SharedReads, read every partition for every listing', async () => {
    sent.commands.length = 0;
    await table.stories.listFeed(okanagan, now, 50);
    await table.stories.listFeed(shuswap, now, 50);
    expect(queried().filter((pk) => pk.includes('#*#'))).toHaveLength(2);
  });
});
