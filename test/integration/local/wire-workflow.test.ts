import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { ninjs2Document } from '../../fixtures/ninjs.js';
import { sampleSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { type Format, readFeed } from '../support/feeds.js';
import { api, shiftedClock, startTestApp, waitFor } from '../support/local-app.js';

const FORMATS: Format[] = ['rss', 'atom', 'json'];
const itemId = (id: string) => `tag:news.example.com,2026-01-01:story/${id}`;

let app: LocalApp;
const clock = shiftedClock();
beforeAll(async () => {
  app = await startTestApp({ clock });
});
afterAll(async () => {
  await app?.stop();
});

/** Which formats of one feed list the story. */
async function formatsListing(region: string, channel: string, id: string): Promise<Format[]> {
  const feeds = await Promise.all(FORMATS.map((f) => readFeed(app, region, channel, f)));
  return FORMATS.filter((_, i) => feeds[i]?.ids.includes(itemId(id)));
}

async function jsonItem(region: string, channel: string, id: string) {
  const feed = (await (await fetch(`${app.url}/feeds/${region}/${channel}.json`)).json()) as {
    items: Array<Record<string, unknown>>;
  };
  return feed.items.find((item) => item.id === itemId(id));
}

const now = () => clock.now().toISOString();
const inAMinute = () => new Date(clock.now().getTime() + 60_000).toISOString();

describe('wire workflow over HTTP', () => {
  it('ends an out-of-order write-thru sequence on the newest take', async () => {
    const take = (version: number) =>
      wireStoryJson({
        id: 'wf-thru',
        version,
        headline: `Write-thru take ${version}`,
        publishedAt: '2026-11-25T10:00:00Z',
      });
    const statuses = [];
    for (const version of [1, 3, 2, 5, 4])
      statuses.push((await api(app, 'POST', '/stories', take(version))).status);
    expect(statuses).toEqual([201, 200, 409, 200, 409]);
    await app.settled();
    const item = await jsonItem('okanagan', 'wire', 'wf-thru');
    expect(item?.title).toBe('Write-thru take 5');
    const rss = await readFeed(app, 'okanagan', 'wire', 'rss');
    expect(rss.titles).toContain('Write-thru take 5');
    expect(rss.titles).not.toContain('Write-thru take 4');
  });

  it('shows a correction, moves the updated date, and keeps the first-published date and id', async () => {
    const v1 = wireStoryJson({
      id: 'wf-fix',
      version: 1,
      publishedAt: '2026-11-25T09:00:00Z',
      updatedAt: '2026-11-25T09:00:00Z',
    });
    await api(app, 'POST', '/stories', v1);
    await app.settled();
    const before = await jsonItem('okanagan', 'wire', 'wf-fix');
    await api(app, 'POST', '/stories', {
      ...v1,
      version: 2,
      updatedAt: undefined,
      correction: 'An earlier version misspelled the union name.',
    });
    await waitFor(async () =>
      String((await jsonItem('okanagan', 'wire', 'wf-fix'))?.content_html).includes('misspelled'),
    );
    const after = await jsonItem('okanagan', 'wire', 'wf-fix');
    expect(after?.id).toBe(before?.id);
    expect(after?.date_published).toBe(before?.date_published);
    expect(String(after?.date_modified) > String(before?.date_modified)).toBe(true);
  });

  it('kills a story out of all formats of all feeds, with an Atom tombstone', async () => {
    await api(
      app,
      'POST',
      '/stories',
      wireStoryJson({ id: 'wf-kill', regions: ['*'], publishedAt: now() }),
    );
    await waitFor(async () => (await formatsListing('shuswap', 'wire', 'wf-kill')).length === 3);
    expect((await api(app, 'DELETE', '/stories/wf-kill')).status).toBe(200);
    await app.settled();
    for (const region of sampleSite.regions) {
      expect(await formatsListing(region.slug, 'wire', 'wf-kill'), region.slug).toEqual([]);
      const atom = await readFeed(app, region.slug, 'wire', 'atom');
      expect(atom.text).toContain(`ref="${itemId('wf-kill')}"`);
    }
    expect(
      (await api(app, 'POST', '/stories', wireStoryJson({ id: 'wf-kill', regions: ['*'] }))).status,
    ).toBe(409);
  });

  it('withholds a story through its status', async () => {
    const story = wireStoryJson({ id: 'wf-withheld', publishedAt: now() });
    await api(app, 'POST', '/stories', story);
    await waitFor(
      async () => (await formatsListing('okanagan', 'wire', 'wf-withheld')).length === 3,
    );
    await api(app, 'POST', '/stories', { ...story, version: 2, status: 'withheld' });
    await waitFor(
      async () => (await formatsListing('okanagan', 'wire', 'wf-withheld')).length === 0,
    );
  });

  it('keeps an embargoed story out until its instant and shows it then', async () => {
    const embargoUntil = inAMinute();
    await api(
      app,
      'POST',
      '/stories',
      wireStoryJson({ id: 'wf-embargo', publishedAt: now(), embargoUntil }),
    );
    await app.settled();
    expect(await formatsListing('okanagan', 'wire', 'wf-embargo')).toEqual([]);
    expect(await formatsListing('shuswap', 'wire', 'wf-embargo')).toEqual([]);

    clock.advance(60_000);

    // Each feed is its own set of files, written as its own render finishes.
    await waitFor(
      async () => (await formatsListing('okanagan', 'wire', 'wf-embargo')).length === 3,
    );
    await waitFor(async () => (await formatsListing('shuswap', 'wire', 'wf-embargo')).length === 3);
  });

  it('drops an expired story from every feed on its own', async () => {
    await api(
      app,
      'POST',
      '/stories',
      wireStoryJson({ id: 'wf-expire', publishedAt: now(), expiresAt: inAMinute() }),
    );
    await waitFor(async () => (await formatsListing('okanagan', 'wire', 'wf-expire')).length === 3);

    clock.advance(60_000);

    // Each feed is its own set of files, written as its own render finishes.
    await waitFor(async () => (await formatsListing('okanagan', 'wire', 'wf-expire')).length === 0);
    await waitFor(async () => (await formatsListing('shuswap', 'wire', 'wf-expire')).length === 0);
  });

  it('moves a story between feeds when its regions change', async () => {
    const story = wireStoryJson({ id: 'wf-move', regions: ['okanagan'], publishedAt: now() });
    await api(app, 'POST', '/stories', story);
    await waitFor(async () => (await formatsListing('okanagan', 'wire', 'wf-move')).length === 3);
    await api(app, 'POST', '/stories', { ...story, version: 2, regions: ['kootenay'] });
    await waitFor(async () => (await formatsListing('kootenay', 'wire', 'wf-move')).length === 3);
    // The two feeds are rendered side by side; the one it left may finish a moment later.
    await waitFor(async () => (await formatsListing('okanagan', 'wire', 'wf-move')).length === 0);
  });

  it('lands a ninjs document with its byline and dateline', async () => {
    const doc = ninjs2Document({
      embargoed: undefined,
      firstcreated: now(),
      versioncreated: now(),
    });
    const response = await api(app, 'POST', '/stories?channel=wire&regions=okanagan,shuswap', doc, {
      'content-type': 'application/vnd.iptc.ninjs+json',
    });
    expect(response.status).toBe(201);
    const { id } = ((await response.json()) as { story: { id: string } }).story;
    expect(id).toMatch(/^urn:newsml:wire\.example\.net:20261125:harbour-dredging_/);
    await waitFor(async () => (await formatsListing('shuswap', 'wire', id)).length === 3);
    const item = await jsonItem('okanagan', 'wire', id);
    expect(item?.authors).toEqual([
      expect.objectContaining({ name: 'Ines Marlowe, The Canadian Wire' }),
    ]);
    expect(String(item?.content_html)).toContain('PRINCE RUPERT, B.C.');
  });

  it('tells the sender when an accepted story is expired or embargoed', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const expired = await api(app, 'POST', '/stories', {
      ...wireStoryJson({ id: 'wf-vis-expired', publishedAt: past }),
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const embargoed = await api(app, 'POST', '/stories', {
      ...wireStoryJson({ id: 'wf-vis-embargoed', publishedAt: now() }),
      embargoUntil: future,
    });
    const visible = await api(app, 'POST', '/stories', wireStoryJson({ id: 'wf-vis-now' }));

    expect([expired.status, embargoed.status, visible.status]).toEqual([201, 201, 201]);
    expect(((await expired.json()) as { visibility: string }).visibility).toBe('expired');
    expect(((await embargoed.json()) as { visibility: string }).visibility).toBe('embargoed');
    expect(((await visible.json()) as { visibility: string }).visibility).toBe('visible');
  });

  it('takes a batch and answers one result per story', async () => {
    const response = await api(app, 'POST', '/stories/batch', {
      stories: [
        wireStoryJson({ id: 'wf-batch-1', publishedAt: now() }),
        wireStoryJson({ id: 'wf-batch-2', headline: '' }),
        wireStoryJson({ id: 'wf-batch-3', regions: ['nowhere'] }),
      ],
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as {
      results: Array<{ id: string; status: number }>;
    };
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['wf-batch-1', 201],
      ['wf-batch-2', 400],
      ['wf-batch-3', 400],
    ]);
    await waitFor(
      async () => (await formatsListing('okanagan', 'wire', 'wf-batch-1')).length === 3,
    );
  });
});
