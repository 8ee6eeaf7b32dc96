import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import { parseStoryInput, type Story } from '../../../lambdas/core/story/story.js';
import { feedRefsOf } from '../../../lambdas/core/story/story-rules.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import {
  publishChanges,
  publishFeedChanges,
} from '../../../lambdas/core/use-cases/publish-changes.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { publishFeeds } from '../../../lambdas/core/use-cases/publish-feeds.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const BASE = 'https://feeds.gazette.example.org';
const site = testSite({
  itemsPerFeed: 50,
  archivePageSize: 20,
  customFeeds: [
    {
      slug: 'interior-sports',
      name: 'Interior sports',
      channel: 'local',
      regions: ['okanagan', 'shuswap'],
      categories: ['Sports'],
    },
  ],
});
const regions = site.regions.map((r) => r.slug);
let table: TestStores;
let stories: DynamoDbStoryStore;
const clock = { now: () => new Date('2026-11-30T00:00:00Z') };
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

/** Story n of a run, one minute apart, published in batches as a stream would deliver them. */
async function postMany(count: number, make: (n: number) => Record<string, unknown>) {
  const saved: Story[] = [];
  for (let n = 0; n < count; n++) {
    saved.push((await ingestStory({ stories, clock }, parseStoryInput(make(n), regions))).story);
    if (saved.length % 25 === 0 || n === count - 1) {
      const batch = saved.splice(0);
      await publishChanges(deps(), {
        feeds: batch.flatMap(feedRefsOf),
        storyIds: batch.map((s) => s.id),
      });
    }
  }
}

function minute(n: number): string {
  return new Date(Date.parse('2026-11-20T00:00:00Z') + n * 60_000).toISOString();
}

async function body(url: string): Promise<string> {
  const file = await feeds.get(url.slice(BASE.length + 1));
  if (!file) throw new Error(`nothing at ${url}`);
  return file.body.toString('utf8');
}

/** Walks a feed and its archive by `next(document)` and collects the item ids, in order. */
async function walk(start: string, read: (text: string) => { ids: string[]; next?: string }) {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (let url: string | undefined = start; url; ) {
    if (seen.has(url)) throw new Error(`loop at ${url}`);
    seen.add(url);
    const page = read(await body(url));
    ids.push(...page.ids);
    url = page.next;
  }
  return ids;
}

const readAtom = (text: string) => {
  const feed = xml.parse(text).feed;
  const links = [feed.link].flat() as Array<Record<string, string>>;
  return {
    ids: [feed.entry ?? []].flat().map((e: { id: string }) => e.id),
    next: links.find((l) => l['@rel'] === 'prev-archive')?.['@href'],
  };
};
const readRss = (text: string) => {
  const channel = xml.parse(text).rss.channel;
  const links = [channel['atom:link']].flat() as Array<Record<string, string>>;
  return {
    ids: [channel.item ?? []].flat().map((i: { guid: { '#text': string } }) => i.guid['#text']),
    next: links.find((l) => l['@rel'] === 'prev-archive')?.['@href'],
  };
};
const readJson = (text: string) => {
  const feed = JSON.parse(text);
  return { ids: feed.items.map((i: { id: string }) => i.id), next: feed.next_url };
};

describe('RFC 5005 archives', () => {
  it('lets a reader walk back from a feed of 120 stories and find all 120 once each', async () => {
    await postMany(120, (n) =>
      localStoryJson({ id: `walk-${n}`, regions: ['okanagan'], publishedAt: minute(n) }),
    );
    const expected = Array.from({ length: 120 }, (_, n) => `walk-${n}`);
    const idOf = (tag: string) => tag.slice(tag.lastIndexOf('/') + 1);

    for (const [format, read] of [
      ['atom', readAtom],
      ['rss', readRss],
      ['json', readJson],
    ] as const) {
      const ids = (await walk(`${BASE}/feeds/okanagan/local.${format}`, read)).map(idOf);
      expect(ids).toHaveLength(120);
      expect(new Set(ids).size).toBe(120);
      expect([...ids].sort()).toEqual([...expected].sort());
    }
  }, 300_000);

  it('ends each publish with the feed a fresh read renders: publishing again writes nothing', async () => {
    // Each batch above archived what it pushed out and rendered the feed from what it had read;
    // a publish that reads everything again must find nothing to change.
    const again = await publishFeeds(deps(), [{ region: 'okanagan', channel: 'local' }]);

    expect(again.feeds).toBe(2); // okanagan/local and the custom feed that selects okanagan
    expect(again.written).toBe(0);
    expect(again.unchanged).toBe(8); // three formats and the HTML view of each
  });

  it('holds 50 to 69 in the feed and moves full pages of 20 at once, oldest first', async () => {
    // Batches of 25: at 75 the feed closes page 1 (55 left), at 100 page 2, at 120 page 3.
    const feed = readAtom(await body(`${BASE}/feeds/okanagan/local.atom`));
    const oldest = xml.parse(await body(`${BASE}/feeds/okanagan/local/archive/1.atom`)).feed;
    const idOf = (entry: { id: string }) => entry.id.slice(entry.id.lastIndexOf('/') + 1);

    expect(feed.ids).toHaveLength(60);
    expect(feed.next).toBe(`${BASE}/feeds/okanagan/local/archive/3.atom`);
    expect([oldest.entry].flat().map(idOf).sort()).toEqual(
      Array.from({ length: 20 }, (_, n) => `walk-${n}`).sort(),
    );
    expect(oldest['fh:archive']).toBe('');
    expect([oldest.link].flat()).toContainEqual(
      expect.objectContaining({ '@rel': 'current', '@href': `${BASE}/feeds/okanagan/local.atom` }),
    );
    expect(await feeds.get('feeds/okanagan/local/archive/4.atom')).toBeUndefined();
  });

  it('links each archive page to the next newer one, so no page stands without archive links', async () => {
    const nextOf = async (page: number, format: 'atom' | 'rss') => {
      const text = await body(`${BASE}/feeds/okanagan/local/archive/${page}.${format}`);
      const doc = xml.parse(text);
      const links = [format === 'atom' ? doc.feed.link : doc.rss.channel['atom:link']].flat();
      return (links as Array<Record<string, string>>).find((l) => l['@rel'] === 'next-archive')?.[
        '@href'
      ];
    };

    for (const format of ['atom', 'rss'] as const) {
      expect(await nextOf(1, format)).toBe(`${BASE}/feeds/okanagan/local/archive/2.${format}`);
      expect(await nextOf(2, format)).toBe(`${BASE}/feeds/okanagan/local/archive/3.${format}`);
      expect(await nextOf(3, format)).toBeUndefined();
    }
  });

  it('rewrites only the one archive page a kill touches, and leaves full pages alone otherwise', async () => {
    const keys = [1, 2, 3].map((p) => `feeds/okanagan/local/archive/${p}.atom`);
    const before = await Promise.all(keys.map((k) => feeds.get(k)));

    await postMany(1, () =>
      localStoryJson({ id: 'walk-new', regions: ['okanagan'], publishedAt: minute(500) }),
    );
    const afterPublish = await Promise.all(keys.map((k) => feeds.get(k)));
    const killed = await killStory({ stories, clock }, 'walk-25');
    await publishChanges(deps(), {
      feeds: [{ region: 'okanagan', channel: 'local' }],
      storyIds: [killed.id],
    });
    const afterKill = await Promise.all(keys.map((k) => feeds.get(k)));

    expect(afterPublish.map((f) => f?.etag)).toEqual(before.map((f) => f?.etag));
    expect(afterKill.map((f) => f?.etag === afterPublish[afterKill.indexOf(f)]?.etag)).toEqual([
      true,
      false,
      true,
    ]);
    expect(afterKill[1]?.body.toString()).not.toContain('walk-25<');
  }, 120_000);
});

describe('one feed at a time (publishFeedChanges)', () => {
  it('puts late copy on the archive page of its date in the feed it publishes, and only there', async () => {
    const input = localStoryJson({
      id: 'walk-late',
      regions: ['okanagan', 'shuswap'],
      publishedAt: minute(30.5),
    });
    const { story } = await ingestStory({ stories, clock }, parseStoryInput(input, regions));
    const okanagan = { region: 'okanagan', channel: 'local' } as const;

    await publishFeedChanges(deps(), okanagan, { storyIds: [story.id] });

    // Stories 20-39 are on page 2; 30.5 minutes sorts between walk-30 and walk-31.
    const page = readJson(await body(`${BASE}/feeds/okanagan/local/archive/2.json`));
    const idOf = (tag: string) => tag.slice(tag.lastIndexOf('/') + 1);
    expect(page.ids.map(idOf)).toContain('walk-late');
    expect(page.ids.map(idOf).indexOf('walk-late')).toBe(page.ids.map(idOf).indexOf('walk-30') - 1);
    // The story's other feed is another worker's: this publish wrote nothing there.
    expect(await feeds.get('feeds/shuswap/local.json')).toBeUndefined();
  });
});

describe('a feed cut by its size budget', () => {
  it('archives what does not fit, so a reader still finds every story once', async () => {
    const small = testSite({ itemsPerFeed: 50, archivePageSize: 20, maxFeedBytes: 64 * 1024 });
    const smallDeps = (): PublishDeps => ({ ...deps(), site: small });
    const paragraph = `<p>${'The council heard from residents about the ferry schedule. '.repeat(40)}</p>`;
    const posted: Story[] = [];
    for (let n = 0; n < 12; n++) {
      const input = wireStoryJson({
        id: `urn:wire:test:big-${n}`,
        regions: ['shuswap'],
        bodyHtml: paragraph.repeat(5),
        publishedAt: minute(2000 + n),
      });
      posted.push((await ingestStory({ stories, clock }, parseStoryInput(input, regions))).story);
    }
    await publishChanges(smallDeps(), {
      feeds: posted.flatMap(feedRefsOf),
      storyIds: posted.map((s) => s.id),
    });

    const live = await body(`${BASE}/feeds/shuswap/wire.atom`);
    expect(Buffer.byteLength(live)).toBeLessThanOrEqual(64 * 1024);
    expect(readAtom(live).ids.length).toBeLessThan(12);
    const idOf = (tag: string) => tag.slice(tag.lastIndexOf('/') + 1);
    const ids = (await walk(`${BASE}/feeds/shuswap/wire.atom`, readAtom)).map(idOf);
    expect([...ids].sort()).toEqual(posted.map((s) => idOf(s.id)).sort());

    const again = await publishFeeds(smallDeps(), [{ region: 'shuswap', channel: 'wire' }]);
    expect(again.written).toBe(0);
  }, 120_000);
});

describe('custom feeds', () => {
  it('hold exactly the stories of their regions, channel and categories', async () => {
    const cases = [
      { id: 'sports-okanagan', regions: ['okanagan'], categories: ['Sports'], in: true },
      { id: 'sports-shuswap', regions: ['shuswap'], categories: ['sports', 'Hockey'], in: true },
      { id: 'arts-okanagan', regions: ['okanagan'], categories: ['Arts'], in: false },
      { id: 'uncategorised', regions: ['shuswap'], in: false },
    ];
    for (const c of cases) {
      await postMany(1, () =>
        localStoryJson({
          id: c.id,
          regions: c.regions,
          categories: c.categories,
          publishedAt: minute(900),
        }),
      );
    }
    await postMany(1, () => ({
      ...localStoryJson({ id: 'sports-wire', regions: ['okanagan'], categories: ['Sports'] }),
      channel: 'wire',
      bodyHtml: '<p>Score.</p>',
    }));

    const json = JSON.parse(await body(`${BASE}/feeds/interior-sports/local.json`));

    expect(json.title).toBe('Test Gazette — Interior sports');
    expect(
      json.items.map((i: { id: string }) => i.id.slice(i.id.lastIndexOf('/') + 1)).sort(),
    ).toEqual(['sports-okanagan', 'sports-shuswap']);
  });
});
