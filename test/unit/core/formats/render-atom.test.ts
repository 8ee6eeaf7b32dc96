import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderAtom } from '../../../../lambdas/core/formats/render-atom.js';
import type { Tombstone } from '../../../../lambdas/core/ports.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import { feedContext, harbourWire, ottawaWire, wineryTeaser } from '../../../fixtures/stories.js';
import { at, readWithBothParsers, xmlObject } from './feed-readers.js';

const TAG = 'tag:news.example.com,2026-01-01';

function atom(stories: Story[], tombstones: Tombstone[] = [], channel: 'local' | 'wire' = 'wire') {
  const ctx = feedContext({ feed: { region: 'okanagan', channel } });
  return renderAtom(buildFeedDocument(ctx, stories, tombstones));
}

describe('renderAtom', () => {
  it('describes the feed with id, language, self and hub links, author and updated', () => {
    const feed = at(xmlObject(atom([ottawaWire()])), 'feed');

    expect(at(feed, '@xml:lang')).toBe('en-CA');
    expect(at(feed, 'id')).toBe(`${TAG}:feed/okanagan/wire`);
    expect(at(feed, 'title')).toBe('Interior News Group — Okanagan: Wire');
    expect(at(feed, 'updated')).toBe('2026-11-25T19:15:00Z');
    expect(at(feed, 'author')).toEqual([
      { name: 'Interior News Group', uri: 'https://news.example.com/' },
    ]);
    expect(at(feed, 'link')).toEqual([
      { '@rel': 'alternate', '@href': 'https://news.example.com/', '@type': 'text/html' },
      {
        '@rel': 'self',
        '@href': 'https://feeds.news.example.com/feeds/okanagan/wire.atom',
        '@type': 'application/atom+xml',
      },
      { '@rel': 'hub', '@href': 'https://hub.news.example.com/' },
    ]);
    expect(at(feed, 'icon')).toBe('https://news.example.com/icon-512.png');
    expect(at(feed, 'logo')).toBe('https://news.example.com/logo.png');
  });

  it('keeps first publication and last update apart, in RFC 3339', () => {
    const entry = at(xmlObject(atom([ottawaWire()])), 'feed.entry.0');

    expect(at(entry, 'published')).toBe('2026-11-25T17:00:00Z');
    expect(at(entry, 'updated')).toBe('2026-11-25T19:15:00Z');
  });

  it('marks headline and dek as text, so markup in them is shown, not run', () => {
    const story = ottawaWire({ headline: '<img src=x onerror=alert(1)>', summary: '<b>dek</b>' });
    const entry = at(xmlObject(atom([story])), 'feed.entry.0');

    expect(at(entry, 'title')).toEqual({
      '#text': '<img src=x onerror=alert(1)>',
      '@type': 'text',
    });
    expect(at(entry, 'summary')).toEqual({ '#text': '<b>dek</b>', '@type': 'text' });
  });

  it('carries the wire body as HTML content with byline, rights and categories with terms', () => {
    const entry = at(xmlObject(atom([ottawaWire()])), 'feed.entry.0');

    expect(at(entry, 'content.@type')).toBe('html');
    expect(String(at(entry, 'content.#text'))).toMatch(
      /^<p>By Dana Whitfield, The Canadian Wire<\/p>\n<p>OTTAWA \u2014 The federal/,
    );
    expect(at(entry, 'author')).toEqual([
      {
        name: 'Dana Whitfield, The Canadian Wire',
        uri: 'https://wire.example.net/staff/dana-whitfield',
      },
    ]);
    expect(at(entry, 'rights')).toBe('© 2026 The Canadian Wire');
    expect(at(entry, 'category')).toEqual([
      { '@label': 'Politics', '@term': 'Politics' },
      { '@label': 'Transport', '@term': 'Transport' },
      ...['Okanagan', 'Shuswap', 'Kootenay'].map((name) => ({
        '@label': name,
        '@scheme': `${TAG}:region`,
        '@term': name.toLowerCase(),
      })),
    ]);
  });

  it('links the image as one enclosure with its real type, not a guess from the extension', () => {
    const entry = at(xmlObject(atom([harbourWire()])), 'feed.entry.0');

    expect(at(entry, 'link')).toEqual([
      {
        '@rel': 'alternate',
        '@type': 'text/html',
        '@href': `https://feeds.news.example.com/pages/${harbourWire().id}.html`,
      },
      {
        '@rel': 'enclosure',
        '@type': 'image/webp',
        '@href': 'https://img.wire.example.net/harbour-large.webp',
        '@title': 'A barge at the wharf.',
      },
    ]);
  });

  it('gives an entry without a sender page its story page as the alternate link', () => {
    const story = wineryTeaser({ url: undefined, image: undefined });
    const entry = at(xmlObject(atom([story], [], 'local')), 'feed.entry.0');

    expect(at(entry, 'link')).toEqual([
      {
        '@rel': 'alternate',
        '@type': 'text/html',
        '@href': `https://feeds.news.example.com/pages/${story.id}.html`,
      },
    ]);
  });

  it('marks an entry in another language than the feed', () => {
    const entry = at(xmlObject(atom([ottawaWire({ language: 'fr-CA' })])), 'feed.entry.0');

    expect(at(entry, '@xml:lang')).toBe('fr-CA');
  });

  it('carries the wire fields in its own namespace', () => {
    const entry = at(xmlObject(atom([harbourWire()])), 'feed.entry.0');

    expect(at(entry, 'dl:dateline')).toBe('PRINCE RUPERT, B.C.');
    expect(at(entry, 'dl:correction')).toBe(harbourWire().correction);
    expect(at(entry, 'dl:region')).toEqual(['okanagan', 'kootenay']);
  });

  it('announces recent kills with RFC 6721 deleted-entry tombstones', () => {
    const xml = atom(
      [],
      [{ storyId: 'urn:wire:tcw:killed', deletedAt: '2026-11-25T20:00:00.000Z' }],
    );

    expect(xml).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(at(xmlObject(xml), 'feed.at:deleted-entry')).toEqual([
      { '@ref': `${TAG}:story/urn:wire:tcw:killed`, '@when': '2026-11-25T20:00:00Z' },
    ]);
  });

  it('reads the same with two independent parsers', async () => {
    // With a page: rss-parser takes an entry's first link of any rel when it has no alternate.
    const stories = [ottawaWire(), harbourWire({ url: 'https://news.example.com/wire/harbour' })];
    const read = await readWithBothParsers(atom(stories));
    const expected = stories.map((s) => ({
      id: `${TAG}:story/${s.id}`,
      title: s.headline,
      link: s.url,
      published: s.publishedAt,
    }));

    expect(read.rowanItems).toEqual(expected);
    expect(read.rssItems).toEqual(expected);
    expect(read.rowan.items[0]?.updated?.toISOString()).toBe('2026-11-25T19:15:00.000Z');
  });
});
