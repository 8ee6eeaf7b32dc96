import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

// Small feeds so a handful of stories fills one and opens archive pages.
const site = testSite({ itemsPerFeed: 3, archivePageSize: 2 });
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

async function post(id: string, publishedAt: string) {
  const response = await api(app, 'POST', '/stories', {
    ...localStoryJson({ id, regions: ['okanagan'], publishedAt }),
    url: `https://gazette.example.org/okanagan/${id}`,
  });
  return { status: response.status, body: (await response.json()) as { visibility?: string } };
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
  it('lands on the archive page of its date, once, and the answer says it is visible', async () => {
    for (let n = 0; n < 9; n++) await post(`late-base-${n}`, hoursAgo(20 - n));
    await app.settled();
    expect(await walkJson('/feeds/okanagan/local.json')).toHaveLength(9);

    const late = await post('late-copy-morning', hoursAgo(30));
    await app.settled();

    expect(late.status).toBe(201);
    expect(late.body.visibility).toBe('visible');
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
