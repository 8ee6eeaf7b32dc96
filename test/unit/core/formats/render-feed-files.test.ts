import { describe, expect, it, vi } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import {
  type RenderedFile,
  renderFeedFiles,
} from '../../../../lambdas/core/formats/render-feed-files.js';

type TextFile = RenderedFile<string>;

import type { Channel, Story } from '../../../../lambdas/core/story/story.js';
import {
  feedContext,
  feedSite,
  harbourWire,
  libraryTeaser,
  ottawaWire,
  wineryTeaser,
} from '../../../fixtures/stories.js';
import { readWithBothParsers } from './feed-readers.js';

function render(stories: Story[], channel: Channel = 'wire', site = feedSite()): TextFile[] {
  const ctx = feedContext({ site, feed: { region: 'okanagan', channel } });
  return renderFeedFiles(buildFeedDocument(ctx, stories, []));
}

function bodies(files: TextFile[]): { rss: string; atom: string; json: string } {
  const [rss, atom, json] = files.map((f) => f.body);
  return { rss: rss ?? '', atom: atom ?? '', json: json ?? '' };
}

/** Item ids, titles and first-publication dates as each format's reader sees them. */
async function itemsOfEveryFormat(files: TextFile[]) {
  const { rss, atom, json } = bodies(files);
  const fromJson = (JSON.parse(json) as { items: Array<Record<string, string>> }).items;
  return {
    rss: await readWithBothParsers(rss),
    atom: await readWithBothParsers(atom),
    json: fromJson.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.url,
      published: i.date_published && new Date(i.date_published).toISOString(),
    })),
  };
}

describe('renderFeedFiles', () => {
  it('renders RSS, Atom and JSON Feed under their keys and content types', () => {
    const files = render([ottawaWire()]);

    expect(files.map(({ key, contentType }) => ({ key, contentType }))).toEqual([
      { key: 'feeds/okanagan/wire.rss', contentType: 'application/rss+xml; charset=utf-8' },
      { key: 'feeds/okanagan/wire.atom', contentType: 'application/atom+xml; charset=utf-8' },
      { key: 'feeds/okanagan/wire.json', contentType: 'application/feed+json; charset=utf-8' },
    ]);
  });

  it('renders the same stories to the same bytes, whatever their order or the clock', () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T21:00:00Z') });
    const first = render([ottawaWire(), harbourWire()]);
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const again = render([harbourWire(), ottawaWire()]);
    vi.useRealTimers();

    expect(again).toEqual(first);
  });

  it('gives each item one id in every format, read by two parsers per XML format', async () => {
    const stories = [ottawaWire(), harbourWire({ url: 'https://news.example.com/wire/harbour' })];
    const read = await itemsOfEveryFormat(render(stories));
    const expected = stories.map((s) => ({
      id: `tag:news.example.com,2026-01-01:story/${s.id}`,
      title: s.headline,
      link: s.url,
      published: s.publishedAt,
    }));

    expect(read.json).toEqual(expected);
    for (const format of [read.rss, read.atom]) {
      expect(format.rowanItems).toEqual(expected);
      expect(format.rssItems).toEqual(expected);
    }
  });

  it('carries ]]>, markup, quotes, controls, emoji and right-to-left text through every format', async () => {
    const nasty = 'Fire ]]> & "smoke" <b>bold</b> \u0001\u000B ]]> 🔥 حريق שריפה';
    const clean = 'Fire ]]> & "smoke" <b>bold</b> ]]> 🔥 حريق שריפה';
    const story = ottawaWire({
      headline: nasty,
      summary: nasty,
      bodyHtml: `<p>${nasty.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
      categories: [nasty],
      byline: [{ name: nasty }],
      image: { url: 'https://img.example.net/a.jpg?x=1&y="2"', caption: nasty, credit: nasty },
    });
    const files = render([story]);
    const { rss, atom, json } = bodies(files);

    const read = await itemsOfEveryFormat(files);
    const item = (JSON.parse(json) as { items: Array<Record<string, unknown>> }).items[0];
    expect(read.rss.rss.items[0]?.title).toBe(clean);
    expect(read.atom.rss.items[0]?.title).toBe(clean);
    expect(read.rss.rss.items[0]?.categories?.[0]).toBe(clean);
    expect(read.rss.rss.items[0]?.creator).toBe(`${clean}, The Canadian Wire`);
    expect(read.atom.rowan.items[0]?.categories[0]?.term).toBe(clean);
    expect(read.atom.rowan.items[0]?.media[0]?.title).toBe(`${clean} (${clean})`);
    expect(read.atom.rowan.items[0]?.media[0]?.url).toBe(
      'https://img.example.net/a.jpg?x=1&y=%222%22',
    );
    expect(item?.title).toBe(clean);
    const escaped = 'Fire ]]&gt; &amp; "smoke" &lt;b&gt;bold&lt;/b&gt; ]]&gt; 🔥 حريق שריפה';
    expect(item?.content_html).toContain(`<p>By ${escaped}, The Canadian Wire</p>\n<figure>`);
    expect(item?.content_html).toContain(`<figcaption>${escaped} (${escaped})</figcaption>`);
    expect(item?.content_html).toContain(
      '<p>OTTAWA \u2014 Fire ]]&gt; &amp; "smoke" &lt;b&gt;bold&lt;/b&gt;  ]]&gt; 🔥 حريق שריפה</p>\n' +
        `<p><em>${ottawaWire().contributors}</em></p>`,
    );
    for (const xml of [rss, atom]) {
      expect(xml.includes('\u0001') || xml.includes('\u000B')).toBe(false);
    }
  });

  it('renders an empty feed in every format, dated at the tag date', async () => {
    const files = render([], 'local');
    const { json } = bodies(files);
    const read = await itemsOfEveryFormat(files);

    expect(read.json).toEqual([]);
    expect(read.rss.rowanItems).toEqual([]);
    expect(read.atom.rowan.updated?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(read.rss.rss.lastBuildDate).toBe('Thu, 01 Jan 2026 00:00:00 +0000');
    expect(JSON.parse(json)._dateline.updated).toBe('2026-01-01T00:00:00Z');
  });

  it('keeps every file within maxFeedBytes, dropping the oldest items first', () => {
    const paragraph = `<p>${'Rail bridge inspection détail — ünïcödé 😀. '.repeat(40)}</p>`;
    const stories = Array.from({ length: 40 }, (_, n) =>
      ottawaWire({
        id: `big-${String(n).padStart(2, '0')}`,
        publishedAt: new Date(Date.UTC(2026, 10, 1, n)).toISOString(),
        updatedAt: undefined,
        bodyHtml: paragraph.repeat(4),
      }),
    );
    // A small budget keeps the render quick on a busy machine; items are ~8 KB each.
    const site = feedSite({ maxFeedBytes: 128 * 1024 });
    const doc = buildFeedDocument(feedContext({ site }), stories, []);

    const files = renderFeedFiles(doc);

    const newest = doc.items.map((i) => i.id);
    for (const file of files) {
      const bytes = Buffer.byteLength(file.body, 'utf8');
      const ids = [...file.body.matchAll(/tag:news\.example\.com,2026-01-01:story\/big-\d\d/g)]
        .map((m) => m[0])
        .filter((id, index, all) => all.indexOf(id) === index);
      expect(bytes).toBeLessThanOrEqual(site.maxFeedBytes);
      expect(bytes).toBeGreaterThan(site.maxFeedBytes * 0.9);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThan(stories.length);
      expect(ids).toEqual(newest.slice(0, ids.length));
    }
  });

  it('falls back to the bare channel when not even that fits the budget', () => {
    const ctx = feedContext({ feed: { region: 'okanagan', channel: 'wire' } });
    const tombstones = [{ storyId: 'k', deletedAt: '2026-11-25T20:00:00.000Z' }];
    const doc = { ...buildFeedDocument(ctx, [ottawaWire()], tombstones), maxBytes: 100 };

    const [rss, atom] = renderFeedFiles(doc);

    expect(rss?.body).not.toContain('<item>');
    expect(atom?.body).not.toContain('<entry>');
    expect(atom?.body).not.toContain('at:deleted-entry ref');
  });

  it('keeps a feed that fits whole', () => {
    const [rss] = render([ottawaWire(), harbourWire()]);

    expect(rss?.body.match(/<item>/g)).toHaveLength(2);
  });
});

describe('feed snapshots', () => {
  const feeds: Array<[Channel, () => Story[]]> = [
    ['local', () => [wineryTeaser(), libraryTeaser()]],
    ['wire', () => [ottawaWire(), harbourWire()]],
  ];

  it.each(feeds)('renders the okanagan %s feed as before', async (channel, stories) => {
    const ctx = feedContext({ feed: { region: 'okanagan', channel } });
    const tombstones =
      channel === 'wire'
        ? [{ storyId: 'urn:wire:tcw:killed', deletedAt: '2026-11-25T20:40:00Z' }]
        : [];
    const files = renderFeedFiles(buildFeedDocument(ctx, stories(), tombstones));

    for (const file of files) {
      const name = file.key.replace(/^feeds\//, '').replace('/', '-');
      await expect(file.body).toMatchFileSnapshot(`__snapshots__/${name}.snap`);
    }
  });
});
