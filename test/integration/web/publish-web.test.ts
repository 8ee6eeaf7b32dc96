import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { feedRefsOf } from '../../../lambdas/core/story/story-rules.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import { publishChanges } from '../../../lambdas/core/use-cases/publish-changes.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { sweepDue } from '../../../lambdas/core/use-cases/sweep-due.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const BASE = 'https://feeds.gazette.example.org';
const site = testSite({ itemsPerFeed: 10, archivePageSize: 4 });
const regions = site.regions.map((r) => r.slug);
let table: TestStores;
let stories: DynamoDbStoryStore;
let now = new Date('2026-11-26T12:00:00Z');
const clock = { now: () => now };
const feeds = new InMemoryFeedStore({ clock });
const deps = (): PublishDeps => ({ stories, feeds, clock, site, feedBaseUrl: BASE });
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

beforeAll(async () => {
  table = await createTestStores();
  stories = table.stories;
});
afterAll(async () => {
  await table.drop();
});

async function post(json: Record<string, unknown>) {
  const { story } = await ingestStory({ stories, clock }, parseStoryInput(json, regions));
  await publishChanges(deps(), { feeds: feedRefsOf(story), storyIds: [story.id] });
  return story;
}

async function text(key: string): Promise<string | undefined> {
  return (await feeds.get(key))?.body.toString('utf8');
}

describe('story pages', () => {
  it('reads a changed story once for its page and its archive pages, not once each', async () => {
    const { story } = await ingestStory(
      { stories, clock },
      parseStoryInput(localStoryJson({ id: 'read-once', regions: ['shuswap'] }), regions),
    );
    const reads: string[] = [];
    const counted = new Proxy(stories, {
      get(target, name) {
        if (name === 'get') {
          return (id: string) => {
            reads.push(id);
            return target.get(id);
          };
        }
        if (name === 'getStories') {
          return (ids: readonly string[]) => {
            reads.push(...ids);
            return target.getStories(ids);
          };
        }
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    await publishChanges(
      { ...deps(), stories: counted },
      { feeds: feedRefsOf(story), storyIds: [story.id] },
    );

    expect(reads.filter((id) => id === 'read-once')).toEqual(['read-once']);
    expect(await text('pages/read-once.html')).toContain('<h1>');
  });

  it('gives a wire story sent without a url a page, and links it from every format', async () => {
    await post(wireStoryJson({ id: 'urn:wire:test:nourl', url: undefined, regions: ['shuswap'] }));
    const page = `${BASE}/pages/urn:wire:test:nourl.html`;

    const html = await text('pages/urn:wire:test:nourl.html');
    const rss = xml.parse((await text('feeds/shuswap/wire.rss')) ?? '');
    const atom = xml.parse((await text('feeds/shuswap/wire.atom')) ?? '');
    const json = JSON.parse((await text('feeds/shuswap/wire.json')) ?? '{}');

    expect(html).toContain('<h1>Ferry crews reach tentative deal after overnight talks</h1>');
    expect(html).toContain('VICTORIA — Ferry workers');
    expect(html).toContain(`href="${BASE}/feeds/shuswap/wire.html"`);
    expect(rss.rss.channel.item.link).toBe(page);
    expect([atom.feed.entry.link].flat()).toContainEqual(
      expect.objectContaining({ '@rel': 'alternate', '@href': page }),
    );
    expect(json.items[0].url).toBe(page);
  });

  it('links a story sent with a url to the sender, and still renders its page', async () => {
    await post(localStoryJson({ id: 'with-url', regions: ['shuswap'] }));

    const json = JSON.parse((await text('feeds/shuswap/local.json')) ?? '{}');

    expect(json.items[0].url).toBe('https://gazette.example.org/okanagan/orchard-cider-press');
    expect(await text('pages/with-url.html')).toContain('Read the full story');
  });

  it('turns a killed story’s page into a short withdrawn page that is not indexed', async () => {
    await post(wireStoryJson({ id: 'to-kill', regions: ['shuswap'] }));
    const killed = await killStory({ stories, clock }, 'to-kill');
    await publishChanges(deps(), {
      feeds: [{ region: 'shuswap', channel: 'wire' }],
      storyIds: [killed.id],
    });

    const html = await text('pages/to-kill.html');

    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('This story was withdrawn');
    expect(html).not.toContain('Ferry crews');
  });

  it('has no page for an embargoed story until the embargo lifts', async () => {
    const lift = new Date(now.getTime() + 60_000).toISOString();
    await post(wireStoryJson({ id: 'embargoed', regions: ['shuswap'], embargoUntil: lift }));

    expect(await feeds.get('pages/embargoed.html')).toBeUndefined();

    now = new Date(Date.parse(lift) + 1000);
    await sweepDue(deps());

    expect(await text('pages/embargoed.html')).toContain('<h1>Ferry crews');
  });
});

describe('feed views', () => {
  it('renders feeds/{region}/{channel}.html with the feed, linking each story page', async () => {
    const html = await text('feeds/shuswap/wire.html');

    expect(html).toContain(`href="${BASE}/pages/urn:wire:test:nourl.html"`);
    expect(html).toContain(`href="${BASE}/feeds/shuswap/wire.rss"`);
    expect(html).toContain(`href="${BASE}/feeds/shuswap/wire.json"`);
  });
});
