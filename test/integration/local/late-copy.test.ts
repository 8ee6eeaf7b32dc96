import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

// Small feeds so a handful of stories fills one and opens archive pages; one custom feed of
// okanagan's and shuswap's local stories, so a `*` story goes to every region and to it.
const site = testSite({
  itemsPerFeed: 3,
  archivePageSize: 2,
  customFeeds: [
    { slug: 'valley', name: 'Valley', channel: 'local', regions: ['okanagan', 'shuswap'] },
  ],
});
let app: LocalApp;

beforeAll(async () => {
  app = await startTestApp({ site });
});
afterAll(async () => {
  await app?.stop();
});

function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}

interface Placement {
  feed: string;
  in: 'feed' | 'archive';
  page?: number;
  url: string;
}

async function post(id: string, publishedAt: string, regions = ['okanagan']) {
  const response = await api(app, 'POST', '/stories', {
    ...localStoryJson({ id, regions, publishedAt }),
    url: `https://gazette.example.org/okanagan/${id}`,
  });
  return {
    status: response.status,
    body: (await response.json()) as { visibility?: string; placements?: Placement[] },
  };
}

/** The story ids an Atom document lists, read with a real feed parser. */
async function atomIds(url: string): Promise<string[]> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  const feed = parseFeed(await response.text());
  return feed.items.map((item) => (item.id ?? '').slice((item.id ?? '').lastIndexOf('/') + 1));
}

/** Every story id a reader finds walking back from the JSON feed through its archive pages. */
async function walkJson(path: string): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (let url: string | undefined = `${app.url}${path}`; url; ) {
    if (seen.has(url)) throw new Error(`loop at ${url}`);
    seen.add(url);
    const response = await fetch(url);
    expect(response.status, url).toBe(200);
    const feed = (await response.json()) as { items: { id: string }[]; next_url?: string };
    ids.push(...feed.items.map((item) => item.id.slice(item.id.lastIndexOf('/') + 1)));
    url = feed.next_url;
  }
  return ids;
}

describe('late copy (a story older than the feed archive cursor)', () => {
  it('lands on the archive page of its date, once, and the answer names that page', async () => {
    for (let n = 0; n < 9; n++) await post(`late-base-${n}`, hoursAgo(20 - n));
    await app.settled();
    expect(await walkJson('/feeds/okanagan/local.json')).toHaveLength(9);

    const late = await post('late-copy-morning', hoursAgo(30));
    expect(late.status).toBe(201);
    expect(late.body.visibility).toBe('archived');
    const page1 = `${app.url}/feeds/okanagan/local/archive/1.atom`;
    expect(late.body.placements).toEqual([
      { feed: 'okanagan/local', in: 'archive', page: 1, url: page1 },
      {
        feed: 'valley/local',
        in: 'archive',
        page: 1,
        url: `${app.url}/feeds/valley/local/archive/1.atom`,
      },
    ]);
    await app.settled();

    // On exactly that page, and in no other document of the feed.
    expect(await atomIds(page1)).toContain('late-copy-morning');
    expect(await atomIds(`${app.url}/feeds/okanagan/local/archive/2.atom`)).not.toContain(
      'late-copy-morning',
    );
    expect(await atomIds(`${app.url}/feeds/okanagan/local.atom`)).not.toContain(
      'late-copy-morning',
    );
    const ids = await walkJson('/feeds/okanagan/local.json');
    expect(ids.filter((id) => id === 'late-copy-morning')).toHaveLength(1);
    expect(ids).toHaveLength(10);
  });

  it('moves a late story between archive pages when its feed date moves, and a kill removes it', async () => {
    // publishedAt never moves once stored; an embargo (here already lifted) moves the feed date.
    const moved = await api(app, 'POST', '/stories', {
      ...localStoryJson({
        id: 'late-copy-morning',
        regions: ['okanagan'],
        publishedAt: hoursAgo(30),
      }),
      embargoUntil: hoursAgo(15.5),
      version: 2,
      url: 'https://gazette.example.org/okanagan/late-copy-morning',
    });
    expect(moved.status).toBe(200);
    await app.settled();
    const ids = await walkJson('/feeds/okanagan/local.json');
    expect(ids.filter((id) => id === 'late-copy-morning')).toHaveLength(1);
    // Now between late-base-4 and late-base-5 in time (newest first).
    expect(ids.indexOf('late-copy-morning')).toBe(ids.indexOf('late-base-4') - 1);

    expect((await api(app, 'DELETE', '/stories/late-copy-morning')).status).toBe(200);
    await app.settled();
    const after = await walkJson('/feeds/okanagan/local.json');
    expect(after).not.toContain('late-copy-morning');
    expect(after).toHaveLength(9);
  });
});

describe('where the answer says a story can be read (placements)', () => {
  it('says visible and the live feed for a fresh story, which the feed then lists', async () => {
    const fresh = await post('fresh-ferry-notice', hoursAgo(0.01));
    expect(fresh.body.visibility).toBe('visible');
    const live = `${app.url}/feeds/okanagan/local.atom`;
    expect(fresh.body.placements).toEqual([
      { feed: 'okanagan/local', in: 'feed', url: live },
      { feed: 'valley/local', in: 'feed', url: `${app.url}/feeds/valley/local.atom` },
    ]);
    await app.settled();
    expect(await atomIds(live)).toContain('fresh-ferry-notice');
  });

  it('gives a `*` story one placement per region and custom feed: archived where it is late', async () => {
    // shuswap's local feed has no archive page yet; okanagan's and valley's have.
    const star = await post('late-star-bulletin', hoursAgo(40), ['*']);
    expect(star.body.visibility).toBe('visible');
    expect(star.body.placements).toEqual([
      {
        feed: 'okanagan/local',
        in: 'archive',
        page: 1,
        url: `${app.url}/feeds/okanagan/local/archive/1.atom`,
      },
      { feed: 'shuswap/local', in: 'feed', url: `${app.url}/feeds/shuswap/local.atom` },
      {
        feed: 'valley/local',
        in: 'archive',
        page: 1,
        url: `${app.url}/feeds/valley/local/archive/1.atom`,
      },
    ]);
    await app.settled();
    for (const placement of star.body.placements ?? []) {
      expect(await atomIds(placement.url), placement.url).toContain('late-star-bulletin');
    }
  });

  it('tells each batch result where its story goes, and GET tells the same', async () => {
    const response = await api(app, 'POST', '/stories/batch', {
      stories: [
        {
          ...localStoryJson({
            id: 'batch-late-notice',
            regions: ['okanagan'],
            publishedAt: hoursAgo(35),
          }),
          url: 'https://gazette.example.org/okanagan/batch-late-notice',
        },
        {
          ...localStoryJson({
            id: 'batch-fresh-notice',
            regions: ['shuswap'],
            publishedAt: hoursAgo(0.02),
          }),
          url: 'https://gazette.example.org/shuswap/batch-fresh-notice',
        },
      ],
    });
    const { results } = (await response.json()) as {
      results: Array<{ visibility: string; placements: Placement[] }>;
    };
    expect(
      results.map((r) => [
        r.visibility,
        r.placements.map((p) => `${p.feed} ${p.in} ${p.page ?? ''}`),
      ]),
    ).toEqual([
      ['archived', ['okanagan/local archive 1', 'valley/local archive 1']],
      ['visible', ['shuswap/local feed ', 'valley/local feed ']],
    ]);
    const read = await api(app, 'GET', '/stories/batch-late-notice');
    expect(await read.json()).toMatchObject({
      visibility: 'archived',
      placements: results[0]?.placements,
    });
  });
});
