import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import type { FeedStore } from '../../../lambdas/core/ports.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { publishPages } from '../../../lambdas/core/use-cases/publish-pages.js';
import { rebuildAll } from '../../../lambdas/core/use-cases/rebuild-all.js';
import { sitemapStateOf } from '../../../lambdas/core/use-cases/sitemap-state.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

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

    expect(await table.stories.recordSitemapState(listed)).toEqual([day]);
    expect(await idsOf(day)).toEqual(['race']);
    expect(await table.stories.recordSitemapState(gone)).toEqual([day]);
    expect(await table.stories.recordSitemapState(listed)).toEqual([]);
    expect(await idsOf(day)).toEqual([]);
  });

  it('move a story whose embargo moved to another day off its old day', async () => {
    const first = await ingest('moved', { publishedAt: iso(40) });
    const before = sitemapStateOf(site, first.id, first, NOW);
    await table.stories.recordSitemapState(before);
    const later = await ingest('moved', { version: 2, publishedAt: iso(40), embargoUntil: iso(2) });
    const after = sitemapStateOf(site, later.id, later, NOW);

    expect(before.entry?.day).not.toBe(after.entry?.day);
    expect((await table.stories.recordSitemapState(after)).sort()).toEqual(
      [before.entry?.day, after.entry?.day].sort(),
    );
    expect(await idsOf(before.entry?.day as string)).not.toContain('moved');
    expect(await idsOf(after.entry?.day as string)).toContain('moved');
  });
});

describe('publishing sitemaps with story pages', () => {
  it('rewrites only the day sitemaps whose stories changed, and a rebuild restores every file', async () => {
    const feeds = new InMemoryFeedStore({ clock });
    await ingest('day-a', { publishedAt: '2026-12-01T10:00:00.000Z' }, other);
    await ingest('day-b', { publishedAt: '2026-12-02T10:00:00.000Z' }, other);
    const first = await publishPages(deps(feeds), ['day-a', 'day-b']);
    expect(first.written).toEqual(
      expect.arrayContaining(['sitemaps/2026-12-01.xml', 'sitemaps/2026-12-02.xml', 'sitemap.xml']),
    );

    await ingest(
      'day-b',
      { version: 2, publishedAt: '2026-12-02T10:00:00.000Z', headline: 'New' },
      other,
    );
    const second = await publishPages(deps(feeds), ['day-b']);
    expect(second.written).toContain('sitemaps/2026-12-02.xml');
    expect(second.written).not.toContain('sitemaps/2026-12-01.xml');

    const again = await publishPages(deps(feeds), ['day-a', 'day-b']);
    expect(again.written).toEqual([]);

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
      expect(restored?.body.toString('utf8'), key).toBe(
        (await feeds.get(key))?.body.toString('utf8') ?? restored?.body.toString('utf8'),
      );
      expect(restored, key).toBeDefined();
    }
    expect((await empty.get('sitemap.xml'))?.body.toString('utf8')).toBe(
      (await feeds.get('sitemap.xml'))?.body.toString('utf8'),
    );
  });
});
