import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import {
  feedContext,
  feedSite,
  libraryTeaser,
  NOW,
  ottawaWire,
  wineryTeaser,
} from '../../../fixtures/stories.js';

const TAG = 'tag:news.example.com,2026-01-01';

describe('buildFeedDocument', () => {
  it('names the feed after site, region and channel', () => {
    const local = buildFeedDocument(feedContext(), [], []);
    const wire = buildFeedDocument(
      feedContext({ feed: { region: 'shuswap', channel: 'wire' } }),
      [],
      [],
    );

    expect(local.title).toBe('Interior News Group — Okanagan: Local news');
    expect(wire.title).toBe('Interior News Group — Shuswap: Wire');
    expect(wire.id).toBe(`${TAG}:feed/shuswap/wire`);
  });

  it('links itself under the feed base URL in every format', () => {
    const doc = buildFeedDocument(feedContext(), [], []);

    expect(doc.feedUrls).toEqual({
      rss: 'https://feeds.news.example.com/feeds/okanagan/local.rss',
      atom: 'https://feeds.news.example.com/feeds/okanagan/local.atom',
      json: 'https://feeds.news.example.com/feeds/okanagan/local.json',
    });
    expect(doc.stylesheets).toEqual([
      { type: 'text/css', href: 'https://feeds.news.example.com/feed.css' },
    ]);
  });

  it('gives every item a tag URI from the site host, tag date and story id', () => {
    const doc = buildFeedDocument(feedContext(), [wineryTeaser()], []);

    expect(doc.items[0]?.id).toBe(`${TAG}:story/ing-local-20261125-winery`);
  });

  it('keeps the item id when the story is edited', () => {
    const before = buildFeedDocument(feedContext(), [wineryTeaser()], []);
    const after = buildFeedDocument(
      feedContext(),
      [
        wineryTeaser({
          version: 2,
          headline: 'New headline',
          url: 'https://news.example.com/okanagan/renamed',
          updatedAt: '2026-11-25T20:30:00.000Z',
        }),
      ],
      [],
    );

    expect(after.items[0]?.id).toBe(before.items[0]?.id);
  });

  it('orders items by feed date, newest first, whatever order they arrive in', () => {
    const stories = [libraryTeaser(), wineryTeaser(), ottawaWire({ channel: 'local' })];
    const doc = buildFeedDocument(feedContext(), stories, []);

    expect(doc.items.map((i) => i.title)).toEqual([
      wineryTeaser().headline,
      ottawaWire().headline,
      libraryTeaser().headline,
    ]);
  });

  it('dates an embargoed story by its embargo, not its publication', () => {
    const embargoed = libraryTeaser({ embargoUntil: '2026-11-25T20:00:00.000Z' });
    const doc = buildFeedDocument(feedContext(), [wineryTeaser(), embargoed], []);

    expect(doc.items.map((i) => i.title)[0]).toBe(embargoed.headline);
    expect(doc.items[0]?.published).toBe('2026-11-25T20:00:00.000Z');
  });

  it('breaks date ties by story id', () => {
    const at = '2026-11-25T18:00:00.000Z';
    const stories = ['c', 'a', 'b'].map((id) => wineryTeaser({ id, publishedAt: at }));
    const doc = buildFeedDocument(feedContext(), stories, []);

    expect(doc.items.map((i) => i.id)).toEqual(['a', 'b', 'c'].map((id) => `${TAG}:story/${id}`));
  });

  it('keeps at most itemsPerFeed items, the newest', () => {
    const stories = Array.from({ length: 5 }, (_, n) =>
      wineryTeaser({ id: `s${n}`, publishedAt: `2026-11-2${n}T12:00:00.000Z` }),
    );
    const ctx = feedContext({ site: feedSite({ itemsPerFeed: 2 }) });

    const doc = buildFeedDocument(ctx, stories, []);

    expect(doc.items.map((i) => i.id)).toEqual([`${TAG}:story/s4`, `${TAG}:story/s3`]);
  });

  it('lists a story given twice once, in its highest version', () => {
    const doc = buildFeedDocument(
      feedContext(),
      [wineryTeaser({ headline: 'Old' }), wineryTeaser({ version: 2, headline: 'New' })],
      [],
    );

    expect(doc.items.map((i) => i.title)).toEqual(['New']);
  });

  it('keeps first publication and last update apart', () => {
    const [item] = buildFeedDocument(feedContext(), [ottawaWire()], []).items;

    expect(item?.published).toBe('2026-11-25T17:00:00.000Z');
    expect(item?.updated).toBe('2026-11-25T19:15:00.000Z');
  });

  it('never dates an update before the feed date', () => {
    const story = ottawaWire({
      updatedAt: '2026-11-25T17:30:00.000Z',
      embargoUntil: '2026-11-25T18:00:00.000Z',
    });
    const [item] = buildFeedDocument(feedContext(), [story], []).items;

    expect(item?.updated).toBe('2026-11-25T18:00:00.000Z');
  });

  it('dates the feed by its newest update, not by the clock', () => {
    const doc = buildFeedDocument(feedContext(), [wineryTeaser(), ottawaWire()], []);
    const later = buildFeedDocument(
      feedContext({ now: new Date('2027-01-01T00:00:00Z') }),
      [wineryTeaser(), ottawaWire()],
      [],
    );

    expect(doc.updated).toBe('2026-11-25T19:15:00.000Z');
    expect(later).toEqual(doc);
  });

  it('dates an empty feed at midnight UTC of the tag date', () => {
    const doc = buildFeedDocument(feedContext(), [], []);

    expect(doc.items).toEqual([]);
    expect(doc.updated).toBe('2026-01-01T00:00:00.000Z');
  });

  it('keeps tombstones within the window only, newest first', () => {
    const tombstones = [
      { storyId: 'old', deletedAt: '2026-11-18T20:59:59.000Z' },
      { storyId: 'recent', deletedAt: '2026-11-24T10:00:00.000Z' },
      { storyId: 'newest', deletedAt: '2026-11-25T20:00:00.000Z' },
    ];
    const doc = buildFeedDocument(feedContext(), [], tombstones);

    expect(doc.tombstones).toEqual([
      { ref: `${TAG}:story/newest`, when: '2026-11-25T20:00:00.000Z' },
      { ref: `${TAG}:story/recent`, when: '2026-11-24T10:00:00.000Z' },
    ]);
    expect(doc.updated).toBe('2026-11-25T20:00:00.000Z');
  });

  it('drops a tombstone exactly tombstoneDays old', () => {
    const deletedAt = new Date(NOW.getTime() - 7 * 86_400_000).toISOString();
    const doc = buildFeedDocument(feedContext(), [], [{ storyId: 'k', deletedAt }]);

    expect(doc.tombstones).toEqual([]);
  });

  it('drops the tombstone of a story that is listed again', () => {
    const doc = buildFeedDocument(
      feedContext(),
      [wineryTeaser()],
      [{ storyId: wineryTeaser().id, deletedAt: '2026-11-25T20:00:00.000Z' }],
    );

    expect(doc.tombstones).toEqual([]);
  });

  it('keeps no tombstones when the window is zero days', () => {
    const ctx = feedContext({ site: feedSite({ tombstoneDays: 0 }) });
    const doc = buildFeedDocument(ctx, [], [{ storyId: 'k', deletedAt: NOW.toISOString() }]);

    expect(doc.tombstones).toEqual([]);
  });

  it('types an image from its sender, else from a known extension, else as JPEG', () => {
    const image = (url: string, type?: string) =>
      buildFeedDocument(feedContext(), [wineryTeaser({ image: { url, type } })], []).items[0]?.image
        ?.type;

    expect(image('https://x.example/a.jpg', 'image/avif')).toBe('image/avif');
    expect(image('https://x.example/a.PNG?size=large')).toBe('image/png');
    expect(image('https://x.example/a.webp')).toBe('image/webp');
    expect(image('https://x.example/photo.php?id=1')).toBe('image/jpeg');
    expect(image('https://x.example/constructor')).toBe('image/jpeg');
  });

  it('drops links that are not absolute http(s), instead of throwing', () => {
    const story = wineryTeaser({
      url: '/relative/path',
      image: { url: 'javascript:alert(1)' },
      byline: [{ name: 'Kai', url: 'not a url' }],
    });
    const [item] = buildFeedDocument(feedContext(), [story], []).items;

    expect(item?.url).toBe(`https://feeds.news.example.com/pages/${story.id}.html`);
    expect(item?.image).toBeUndefined();
    expect(item?.authors).toEqual([{ name: 'Kai', url: undefined }]);
  });

  it('resolves a relative image against the story page', () => {
    const story = wineryTeaser({ image: { url: '../img/vines.jpg' } });
    const [item] = buildFeedDocument(feedContext(), [story], []).items;

    expect(item?.image?.url).toBe('https://news.example.com/img/vines.jpg');
  });

  it('lists every configured region for an all-regions story', () => {
    const [item] = buildFeedDocument(feedContext(), [ottawaWire()], []).items;

    expect(item?.regions.map((r) => r.name)).toEqual(['Okanagan', 'Shuswap', 'Kootenay']);
    expect(item?.extension.regions).toEqual(['okanagan', 'shuswap', 'kootenay']);
  });

  it('gives wire copy a composed body and local teasers none', () => {
    const doc = buildFeedDocument(feedContext(), [ottawaWire(), wineryTeaser()], []);

    expect(doc.items[0]?.contentHtml).toBeUndefined();
    expect(doc.items[1]?.contentHtml).toMatch(/\n<p>OTTAWA \u2014 The federal government/);
  });

  it('percent-encodes characters a stored id should never have, keeping valid ids as they are', () => {
    const doc = buildFeedDocument(feedContext(), [wineryTeaser({ id: 'a b/é' })], []);

    expect(doc.items[0]?.id).toBe(`${TAG}:story/a%20b%2F%C3%A9`);
  });

  it('falls back to the received date, then the tag date, for unreadable stored dates', () => {
    const doc = buildFeedDocument(
      feedContext(),
      [
        wineryTeaser({ id: 'a', publishedAt: 'garbage' }),
        wineryTeaser({ id: 'b', publishedAt: 'garbage', receivedAt: 'garbage' }),
      ],
      [],
    );

    expect(doc.items.map((i) => i.published)).toEqual([
      '2026-11-25T20:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('keeps a story language only when it is a language tag', () => {
    const doc = buildFeedDocument(
      feedContext(),
      [wineryTeaser({ id: 'fr', language: 'fr-CA' }), wineryTeaser({ id: 'x', language: '<x>' })],
      [],
    );

    expect(doc.items.map((i) => i.language)).toEqual(['fr-CA', undefined]);
  });

  it('leaves out bylines whose name is empty once cleaned', () => {
    const story = ottawaWire({ byline: [{ name: '\u0001 ' }, { name: 'Kai Brennan' }] });
    const [item] = buildFeedDocument(feedContext(), [story], []).items;

    expect(item?.authors).toEqual([{ name: 'Kai Brennan, The Canadian Wire' }]);
  });
});
