import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { createFeedRenderer } from '../../../../lambdas/core/formats/feed-renderer.js';
import { MSN_TITLE_MAX, shorten } from '../../../../lambdas/core/formats/partner-rss.js';
import { renderFeedFiles } from '../../../../lambdas/core/formats/render-feed-files.js';
import type { PartnerProfile } from '../../../../lambdas/core/site-config.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import {
  FEED_BASE_URL,
  feedSite,
  NOW,
  ottawaWire,
  wineryTeaser,
} from '../../../fixtures/stories.js';
import { at, readWithBothParsers, xmlObject } from './feed-readers.js';

/** Each rule of docs/partners.md, asserted on the partner feed's RSS as a parser reads it. */
function site(profile?: PartnerProfile, overrides: Record<string, unknown> = {}) {
  return feedSite({
    customFeeds: [
      {
        slug: 'partner',
        name: 'Partner copy',
        channel: 'local',
        regions: ['okanagan'],
        ...(profile ? { profile } : {}),
      },
    ],
    ...overrides,
  });
}

function doc(profile: PartnerProfile | undefined, stories: Story[], overrides = {}) {
  const feed = { region: 'partner', channel: 'local' as const };
  return buildFeedDocument(
    { site: site(profile, overrides), feedBaseUrl: FEED_BASE_URL, feed, now: NOW },
    stories,
    [],
  );
}

function files(profile: PartnerProfile | undefined, stories: Story[], overrides = {}) {
  const [rss, atom, json] = renderFeedFiles(doc(profile, stories, overrides));
  return { rss: String(rss?.body), atom: String(atom?.body), json: String(json?.body) };
}

const updatedTeaser = wineryTeaser({ updatedAt: '2026-11-25T20:30:00.000Z' });

function channelOf(xml: string): Record<string, unknown> {
  return at(xmlObject(xml), 'rss.channel') as Record<string, unknown>;
}

function itemsOf(xml: string): Array<Record<string, unknown>> {
  const items = at(channelOf(xml), 'item');
  return (Array.isArray(items) ? items : [items]) as Array<Record<string, unknown>>;
}

describe('partner profiles', () => {
  it('leave a feed without a profile as the reader feed, and change only a partner feed’s RSS', async () => {
    const stories = [updatedTeaser, ottawaWire({ regions: ['okanagan'], channel: 'local' })];
    const plain = files(undefined, stories);
    for (const profile of ['smartnews', 'google-news', 'msn', 'flipboard'] as const) {
      const partner = files(profile, stories);
      expect(partner.atom).toBe(plain.atom);
      expect(partner.json).toBe(plain.json);
      expect(partner.rss).not.toBe(plain.rss);
      const read = await readWithBothParsers(partner.rss);
      expect(read.rssItems.map((i) => i.id)).toEqual(read.rowanItems.map((i) => i.id));
    }
  });

  it('render the same partner RSS through the publisher’s incremental renderer', () => {
    const partnerDoc = doc('smartnews', [updatedTeaser]);
    const spliced = createFeedRenderer().renderFeed(partnerDoc).files[0];
    expect(spliced?.body.toString('utf8')).toBe(renderFeedFiles(partnerDoc)[0]?.body);
  });

  describe('smartnews (SmartFormat 2.1)', () => {
    const xml = files('smartnews', [updatedTeaser]).rss;

    it('declares the snf namespace with its recommended prefix, beside content, dc and media', () => {
      const root = at(xmlObject(xml), 'rss') as Record<string, string>;
      expect(root['@xmlns:snf']).toBe('http://www.smartnews.be/snf');
      expect(root['@xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
      expect(root['@xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    });

    it('gives the channel title, link, language and an RFC 822 pubDate', () => {
      const channel = channelOf(xml);
      expect(channel.title).toBe('Interior News Group — Partner copy');
      expect(channel.link).toBe('https://news.example.com/');
      expect(channel.language).toBe('en-CA');
      expect(channel.pubDate).toBe('Wed, 25 Nov 2026 20:30:00 +0000');
    });

    it('keeps the channel description to 30 characters or less', () => {
      const description = String(channelOf(xml).description);
      expect([...description].length).toBeLessThanOrEqual(30);
      expect(description).toBe('Local news and wire copy from…');
    });

    it('shows the site logo as snf:logo/url', () => {
      expect(at(channelOf(xml), 'snf:logo.url')).toBe('https://news.example.com/logo.png');
    });

    it('gives every item content:encoded, even a teaser without a body', () => {
      const [item] = itemsOf(xml);
      expect(item?.['content:encoded']).toBe(`<p>${updatedTeaser.summary}</p>`);
    });

    it('gives an item with a picture its media:thumbnail', () => {
      const [item] = itemsOf(xml);
      expect(at(item, 'media:thumbnail.0.@url')).toBe(updatedTeaser.image?.url);
    });

    it('keeps the file within 1 MB, newest items first', () => {
      const body = '<p>word </p>'.repeat(20_000);
      const many = Array.from({ length: 12 }, (_, n) =>
        ottawaWire({
          id: `big-${n}`,
          channel: 'local',
          regions: ['okanagan'],
          bodyHtml: body,
          publishedAt: new Date(NOW.getTime() - n * 60_000).toISOString(),
        }),
      );
      const rss = files('smartnews', many).rss;
      expect(Buffer.byteLength(rss)).toBeLessThanOrEqual(1024 * 1024);
      expect(itemsOf(rss).length).toBeGreaterThan(0);
      expect(String(itemsOf(rss)[0]?.guid && at(itemsOf(rss)[0], 'guid.#text'))).toContain('big-0');
    });

    it('is refused by configuration without the site’s logoUrl', () => {
      expect(() => site('smartnews', { logoUrl: undefined })).toThrow(
        /customFeeds\.0\.profile: smartnews needs the site's logoUrl/,
      );
    });
  });

  describe('google-news (Publisher Center feeds)', () => {
    const xml = files('google-news', [updatedTeaser]).rss;

    it('identifies every item by guid, marked isPermaLink="false" as it is no URL', () => {
      const [item] = itemsOf(xml);
      expect(at(item, 'guid.@isPermaLink')).toBe('false');
      expect(at(item, 'guid.#text')).toMatch(/^tag:/);
    });

    it('dates an item by its last update in pubDate, which Google reads as modified', () => {
      const [item] = itemsOf(xml);
      expect(item?.pubDate).toBe('Wed, 25 Nov 2026 20:30:00 +0000');
    });

    it('carries the full article in content:encoded', () => {
      const wire = files('google-news', [ottawaWire({ regions: ['okanagan'], channel: 'local' })]);
      expect(String(itemsOf(wire.rss)[0]?.['content:encoded'])).toContain('</p>');
    });

    it('keeps the feed within 2 MB and each article under 1 MB', () => {
      const body = `<p>${'word '.repeat(60_000)}</p>`;
      const big = Array.from({ length: 12 }, (_, n) =>
        ottawaWire({ id: `g-${n}`, channel: 'local', regions: ['okanagan'], bodyHtml: body }),
      );
      const rss = files('google-news', big, { maxFeedBytes: 16 * 1024 * 1024 }).rss;
      expect(Buffer.byteLength(rss)).toBeLessThanOrEqual(2 * 1024 * 1024);
      for (const item of itemsOf(rss)) {
        expect(Buffer.byteLength(String(item['content:encoded']))).toBeLessThan(1024 * 1024);
      }
    });
  });

  describe('msn (Partner Hub feed items)', () => {
    const long = 'Council hears a very long list of plans '.repeat(6).trim();
    const xml = files('msn', [updatedTeaser, wineryTeaser({ id: 'long', headline: long })]).rss;

    it('gives every item its unique id, title, publish date, body and link', () => {
      for (const item of itemsOf(xml)) {
        expect(item.guid).toBeDefined();
        expect(item.title).toBeTruthy();
        expect(item.pubDate).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
        expect(item['content:encoded']).toBeTruthy();
        expect(item.link).toMatch(/^https:\/\//);
      }
    });

    it('keeps titles to 150 characters, cut at a word', () => {
      const titles = itemsOf(xml).map((i) => String(i.title));
      expect(titles.every((t) => [...t].length <= MSN_TITLE_MAX)).toBe(true);
      expect(titles).toContain(shorten(long, MSN_TITLE_MAX));
      const cut = shorten(long, MSN_TITLE_MAX);
      expect(cut.endsWith('…')).toBe(true);
      expect(long.startsWith(cut.slice(0, -1))).toBe(true);
      expect(long[cut.length - 1]).toBe(' ');
    });

    it('flags an update with dcterms:modified in RFC 3339', () => {
      const items = itemsOf(xml);
      const updated = items.find((i) => String(at(i, 'guid.#text')).endsWith(updatedTeaser.id));
      expect(updated?.['dcterms:modified']).toBe('2026-11-25T20:30:00Z');
      const root = at(xmlObject(xml), 'rss') as Record<string, string>;
      expect(root['@xmlns:dcterms']).toBe('http://purl.org/dc/terms/');
    });

    it('keeps the abstract (description) plain text', () => {
      for (const item of itemsOf(xml)) expect(String(item.description)).not.toMatch(/<[a-z]/i);
    });
  });

  describe('flipboard (RSS spec)', () => {
    const xml = files('flipboard', [updatedTeaser]).rss;

    it('gives every item link, title and content:encoded, with pubDate, guid, description', () => {
      const [item] = itemsOf(xml);
      for (const field of ['link', 'title', 'content:encoded', 'pubDate', 'guid', 'description']) {
        expect(item?.[field], field).toBeTruthy();
      }
    });

    it('names the author in dc:creator when the story has a byline', () => {
      const wire = files('flipboard', [ottawaWire({ regions: ['okanagan'], channel: 'local' })]);
      expect(at(itemsOf(wire.rss)[0], 'dc:creator.0')).toBeTruthy();
    });

    it('carries the picture as Media RSS media:content, medium image', () => {
      const [item] = itemsOf(xml);
      expect(at(item, 'media:content.0.@medium')).toBe('image');
      expect(at(item, 'media:content.0.@url')).toBe(updatedTeaser.image?.url);
    });

    it('gives the channel title, link, description and language', () => {
      const channel = channelOf(xml);
      for (const field of ['title', 'link', 'description', 'language']) {
        expect(channel[field], field).toBeTruthy();
      }
    });

    it('names the WebSub hub, so updates are pushed', () => {
      const links = at(channelOf(xml), 'atom:link') as Array<Record<string, string>>;
      expect(links.find((l) => l['@rel'] === 'hub')?.['@href']).toBe(
        'https://hub.news.example.com/',
      );
    });

    it('is refused by configuration with fewer than 30 items per feed', () => {
      expect(() => site('flipboard', { itemsPerFeed: 20 })).toThrow(
        /flipboard wants at least 30 items per feed; itemsPerFeed is 20/,
      );
    });
  });

  it('refuses an unknown profile by configuration, naming the known ones', () => {
    expect(() => site('yahoo' as PartnerProfile)).toThrow(
      /customFeeds\.0\.profile: unknown profile "yahoo": use one of smartnews, google-news, msn, flipboard/,
    );
  });
});
