import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderJsonFeed } from '../../../../lambdas/core/formats/render-json-feed.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import schema from '../../../fixtures/json-feed-1.1.schema.json' with { type: 'json' };
import {
  feedContext,
  feedSite,
  harbourWire,
  libraryTeaser,
  ottawaWire,
  wineryTeaser,
} from '../../../fixtures/stories.js';

const TAG = 'tag:news.example.com,2026-01-01';
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is CommonJS: under NodeNext its default export is the module object.
formats.default(ajv);
const validate = ajv.compile(schema);

interface JsonFeed {
  [key: string]: unknown;
  items: Array<Record<string, unknown>>;
}

function json(stories: Story[], channel: 'local' | 'wire' = 'wire', site = feedSite()): JsonFeed {
  const ctx = feedContext({ site, feed: { region: 'okanagan', channel } });
  return JSON.parse(renderJsonFeed(buildFeedDocument(ctx, stories, []))) as JsonFeed;
}

describe('renderJsonFeed', () => {
  it.each([
    ['a wire feed', () => json([ottawaWire(), harbourWire()])],
    ['a local feed', () => json([wineryTeaser(), libraryTeaser()], 'local')],
    ['an empty feed', () => json([])],
    [
      'a feed of a site without optional settings',
      () => json([ottawaWire()], 'wire', feedSite({ websubHub: undefined, iconUrl: undefined })),
    ],
  ])('validates against the JSON Feed 1.1 schema: %s', (_, feed) => {
    const valid = validate(feed());

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is version 1.1 with language, authors, feed_url and hubs', () => {
    const feed = json([]);

    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Interior News Group — Okanagan: Wire',
      home_page_url: 'https://news.example.com/',
      feed_url: 'https://feeds.news.example.com/feeds/okanagan/wire.json',
      language: 'en-CA',
      authors: [{ name: 'Interior News Group', url: 'https://news.example.com/' }],
      hubs: [{ type: 'WebSub', url: 'https://hub.news.example.com/' }],
      items: [],
    });
    expect(feed._dateline).toEqual({
      about: 'https://feeds.news.example.com/#dateline-extension',
      region: 'okanagan',
      channel: 'wire',
      updated: '2026-01-01T00:00:00Z',
    });
  });

  it('gives a wire item its body, authors, dates and wire fields', () => {
    const [item] = json([ottawaWire()]).items;

    expect(item).toMatchObject({
      id: `${TAG}:story/urn:wire:tcw:20261125:rail-bridges`,
      url: ottawaWire().url,
      title: ottawaWire().headline,
      summary: ottawaWire().summary,
      date_published: '2026-11-25T17:00:00Z',
      date_modified: '2026-11-25T19:15:00Z',
      authors: [
        {
          name: 'Dana Whitfield, The Canadian Wire',
          url: 'https://wire.example.net/staff/dana-whitfield',
        },
      ],
      tags: ['Politics', 'Transport', 'Okanagan', 'Shuswap', 'Kootenay'],
      _dateline: {
        dateline: 'OTTAWA',
        credit: 'The Canadian Wire',
        contributors: ottawaWire().contributors,
        version: 3,
        status: 'usable',
        regions: ['okanagan', 'shuswap', 'kootenay'],
        rights: '© 2026 The Canadian Wire',
      },
    });
    expect(String(item?.content_html)).toMatch(/\n<p>OTTAWA \u2014 The federal government/);
    expect(item?.content_text).toBeUndefined();
  });

  it('gives a teaser its dek as content_text and its image', () => {
    const [item] = json([wineryTeaser()], 'local').items;

    expect(item).toMatchObject({
      summary: wineryTeaser().summary,
      content_text: wineryTeaser().summary,
      image: 'https://img.news.example.com/2026/11/winery-vines.jpg',
    });
    expect(item?.content_html).toBeUndefined();
  });

  it('keeps plain text plain: markup in a headline is a string, never HTML', () => {
    const [item] = json([ottawaWire({ headline: '<b>x</b> ]]> &amp;' })]).items;

    expect(item?.title).toBe('<b>x</b> ]]> &amp;');
  });
});
