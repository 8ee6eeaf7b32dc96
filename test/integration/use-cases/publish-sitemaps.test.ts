import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import type { FeedStore } from '../../../lambdas/core/ports.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { publishPages } from '../../../lambdas/core/use-cases/publish-pages.js';
import { publishSitemaps } from '../../../lambdas/core/use-cases/publish-sitemaps.js';
import { rebuildAll } from '../../../lambdas/core/use-cases/rebuild-all.js';
import { sitemapStateOf } from '../../../lambdas/core/use-cases/sitemap-state.js';
import { sweepDue } from '../../../lambdas/core/use-cases/sweep-due.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores, watchCommands } from '../support/dynamodb.js';

/** The sitemap records on DynamoDB Local, through the publish and rebuild use cases. */
const site = testSite();
const regions = site.regions.map((r) => r.slug);
const NOW = new Date('2026-12-05T12:00:00.000Z');
const clock = { now: () => NOW };
let table: TestStores;
let other: TestStores;

beforeAll(async () => {
  [table, other] = await Promise.all([createTestStores(), createTestStores()]);
});
afterAll(async () => {
  await Promise.all([table?.drop(), other?.drop()]);
});

const iso = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();

async function ingest(id: string, fields: Record<string, unknown>, stores = table) {
  const input = parseStoryInput(
    localStoryJson({ id, url: `https://gazette.example.org/${id}`, ...fields }),
    regions,
  );
  return (await ingestStory({ stories: stores.stories, clock }, input)).story;
}

function deps(feeds: FeedStore): PublishDeps {
  return { stories: other.stories, feeds, clock, site, feedBaseUrl: 'https://feeds.example.org' };
}

const idsOf = async (day: string) =>
  (await table.stories.listSitemapDay(day)).entries.map((e) => e.storyId).sort();

describe('sitemap records', () => {
  it('never let an older state of a story overwrite a newer one', async () => {
    const story = await ingest('race', { publishedAt: iso(30) });
    const listed = sitemapStateOf(site, story.id, story, NOW);
    const killed = await killStory({ stories: table.stories, clock }, story.id);
    const gone = sitemapStateOf(site, story.id, killed, NOW);
    const day = listed.entry?.day as string;

    expect(await table.stories.recordSitemapStates([listed])).toEqual([day]);
    expect(await idsOf(day)).toEqual(['race']);
    expect(await table.stories.recordSitemapStates([gone])).toEqual([day]);
    expect(await table.stories.recordSitemapStates([listed])).toEqual([]);
    expect(await idsOf(day)).toEqual([]);
  });

  it('move a story whose embargo moved to another day off its old day', async () => {
    const first = await ingest('moved', { publishedAt: iso(40) });
    const before = sitemapStateOf(site, first.id, first, NOW);
    await table.stories.recordSitemapStates([before]);
    const later = await ingest('moved', { version: 2, publishedAt: iso(40), embargoUntil: iso(2) });
    const after = sitemapStateOf(site, later.id, later, NOW);

    expect(before.entry?.day).not.toBe(after.entry?.day);
    expect((await table.stories.recordSitemapStates([after])).sort()).toEqual(
      [before.entry?.day, after.entry?.day].sort(),
    );
    expect(await idsOf(before.entry?.day as string)).not.toContain('moved');
    expect(await idsOf(after.entry?.day as string)).toContain('moved');
  });

  it('record a batch of 60 states in two transactions, each day marked once per transaction, and fall back to one story at a time when another writer moved one', async () => {
    const stories = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        ingest(`batch-${i}`, { publishedAt: iso(50 + (i % 2) * 24) }),
      ),
    );
    const states = stories.map((story) => sitemapStateOf(site, story.id, story, NOW));
    const days = [...new Set(states.map((state) => state.entry?.day as string))].sort();
    const watch = watchCommands(table.documents);
    try {
      expect(await table.stories.recordSitemapStates(states)).toEqual(days);
    } finally {
      watch.stop();
    }
    const transactions = watch.commands.filter((c) => c.name === 'TransactWriteCommand');
    const items = transactions.map((c) => (c.input as { TransactItems: unknown[] }).TransactItems);
    // 60 stories, a state and a day entry each (120 writes) and the two days' tokens.
    expect(items.map((writes) => writes.length)).toEqual([100, 24]);
    expect(watch.commands.filter((c) => c.name === 'GetCommand')).toEqual([]);
    for (const day of days) {
      expect(await idsOf(day)).toEqual(
        states
          .filter((state) => state.entry?.day === day)
          .map((state) => state.storyId)
          .sort(),
      );
    }

    // Another publisher records a kill of batch-0 between this batch's reads and its transaction:
    // the transaction is cancelled, and each story is then recorded on its own (the kill stays).
    const updated = await ingest('batch-0', { version: 2, publishedAt: iso(50), headline: 'Upd' });
    const update = sitemapStateOf(site, 'batch-0', updated, NOW);
    const kill = sitemapStateOf(
      site,
      'batch-0',
      await killStory({ stories: table.stories, clock }, 'batch-0'),
      NOW,
    );
    const revived = await ingest('batch-1', { version: 2, publishedAt: iso(74), headline: 'New' });
    const newer = sitemapStateOf(site, revived.id, revived, NOW);
    const send = table.documents.send;
    const sendOne = send.bind(table.documents) as (command: unknown) => Promise<unknown>;
    let raced = false;
    table.documents.send = (async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'TransactWriteCommand' && !raced) {
        raced = true;
        await table.storyStore().recordSitemapStates([kill]);
      }
      return sendOne(command);
    }) as unknown as typeof send;
    try {
      expect(await table.stories.recordSitemapStates([update, newer])).toEqual([newer.entry?.day]);
    } finally {
      table.documents.send = send;
    }
    expect(raced).toBe(true);
    expect(await idsOf(states[0]?.entry?.day as string)).not.toContain('batch-0');
    expect((await table.stories.listSitemapDay(newer.entry?.day as string)).entries).toContainEqual(
      expect.objectContaining({ storyId: 'batch-1', title: 'New' }),
    );
  });
});

describe('publishing sitemaps: story pages mark the days, the sweep writes the files', () => {
  it('writes no sitemap with a story page; the sweep then rewrites only the days that changed, and a rebuild restores every file', async () => {
    const feeds = new InMemoryFeedStore({ clock });
    await ingest('day-a', { publishedAt: '2026-12-01T10:00:00.000Z' }, other);
    await ingest('day-b', { publishedAt: '2026-12-02T10:00:00.000Z' }, other);
    const pages = await publishPages(deps(feeds), ['day-a', 'day-b']);
    expect([...pages.written].sort()).toEqual(['pages/day-a.html', 'pages/day-b.html']);
    expect(await feeds.get('sitemaps/2026-12-01.xml')).toBeUndefined();

    const first = await sweepDue(deps(feeds));
    const written = async () => (await publishSitemaps(deps(feeds))).written;
    expect(first.written).toBeGreaterThanOrEqual(3);
    expect(await feeds.get('sitemaps/2026-12-01.xml')).toBeDefined();
    expect(await feeds.get('sitemaps/2026-12-02.xml')).toBeDefined();
    expect(await feeds.get('sitemap.xml')).toBeDefined();
    expect(await written()).toEqual([]);

    await ingest(
      'day-b',
      { version: 2, publishedAt: '2026-12-02T10:00:00.000Z', headline: 'New' },
      other,
    );
    await publishPages(deps(feeds), ['day-b']);
    const second = await written();
    expect(second).toContain('sitemaps/2026-12-02.xml');
    expect(second).not.toContain('sitemaps/2026-12-01.xml');

    await publishPages(deps(feeds), ['day-a', 'day-b']);
    expect(await written()).toEqual([]);

    const empty = new InMemoryFeedStore({ clock });
    await rebuildAll(deps(empty));
    for (const key of [
      'sitemap.xml',
      'sitemaps/2026-12-01.xml',
      'sitemaps/2026-12-02.xml',
      'sitemaps/news.xml',
      'robots.txt',
    ]) {
      const restored = await empty.get(key);
      expect(restored, key).toBeDefined();
      expect(restored?.body.toString('utf8'), key).toBe(
        (await feeds.get(key))?.body.toString('utf8') ?? restored?.body.toString('utf8'),
      );
    }
    expect((await empty.get('sitemap.xml'))?.body.toString('utf8')).toBe(
      (await feeds.get('sitemap.xml'))?.body.toString('utf8'),
    );
  });

  it('leaves a day whose listing changed after the sweep read it behind, for the next sweep', async () => {
    const feeds = new InMemoryFeedStore({ clock });
    const day = '2026-12-03';
    await ingest('early', { publishedAt: `${day}T08:00:00.000Z` }, other);
    await publishPages(deps(feeds), ['early']);
    // The late story's state is recorded (and its day marked) just after the sweep has listed
    // the day: the files it writes then cannot hold it.
    let raced = false;
    const racing: PublishDeps = {
      ...deps(feeds),
      stories: Object.assign(Object.create(other.stories), {
        listSitemapDay: async (listed: string) => {
          const result = await other.stories.listSitemapDay(listed);
          if (listed === day && !raced) {
            raced = true;
            const late = await ingest('late', { publishedAt: `${day}T09:00:00.000Z` }, other);
            await other.stories.recordSitemapStates([sitemapStateOf(site, late.id, late, NOW)]);
          }
          return result;
        },
      }),
    };
    await publishSitemaps(racing);
    const file = async () => (await feeds.get(`sitemaps/${day}.xml`))?.body.toString('utf8');
    expect(raced).toBe(true);
    expect(await file()).toContain('/pages/early.html');
    expect(await file()).not.toContain('/pages/late.html');

    expect(await publishSitemaps(deps(feeds))).toEqual({
      written: expect.arrayContaining([`sitemaps/${day}.xml`]),
    });
    expect(await file()).toContain('/pages/late.html');
    expect((await publishSitemaps(deps(feeds))).written).toEqual([]);
  });

  it('marks the days a story change touches in the state write, and reads days rendered before marks as up to date', async () => {
    const story = await ingest('marked', { publishedAt: '2026-11-20T10:00:00.000Z' });
    const before = await table.stories.listSitemapDays();
    expect(before.find((s) => s.day === '2026-11-20')).toBeUndefined();
    await table.stories.recordSitemapStates([sitemapStateOf(site, story.id, story, NOW)]);
    const marked = (await table.stories.listSitemapDays()).find((s) => s.day === '2026-11-20');
    expect(marked?.change).toEqual(expect.any(String));
    expect(marked?.files).toBeUndefined();

    await table.stories.recordSitemapDay({
      day: '2026-11-20',
      lastmod: '2026-11-20T10:00:00.000Z',
      parts: 1,
      covers: marked?.change as string,
    });
    const covered = (await table.stories.listSitemapDays()).find((s) => s.day === '2026-11-20');
    expect(covered?.files?.covers).toBe(marked?.change);

    // A day record written before change marks existed: no mark, no covers.
    await table.stories.recordSitemapDay({
      day: '2026-11-19',
      lastmod: '2026-11-19T10:00:00.000Z',
      parts: 1,
    });
    const legacy = (await table.stories.listSitemapDays()).find((s) => s.day === '2026-11-19');
    expect(legacy).toEqual({
      day: '2026-11-19',
      files: { day: '2026-11-19', lastmod: '2026-11-19T10:00:00.000Z', parts: 1 },
    });
  });
});
