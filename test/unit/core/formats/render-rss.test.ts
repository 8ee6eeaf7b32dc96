import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderRss } from '../../../../lambdas/core/formats/render-rss.js';
import { feedContext, ottawaWire, wineryTeaser } from '../../../fixtures/stories.js';
import { at, readWithBothParsers, xmlObject } from './feed-readers.js';

const TAG = 'tag:news.example.com,2026-01-01';

function rss(stories = [wineryTeaser()], channel: 'local' | 'wire' = 'local') {
  const ctx = feedContext({ feed: { region: 'okanagan', channel } });
  return renderRss(buildFeedDocument(ctx, stories, []));
}

describe('renderRss', () => {
  it('points a browser shown the XML at the CSS stylesheet, and at no XSLT', () => {
    expect(rss().split('\n').slice(0, 2)).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<?xml-stylesheet type="text/css" href="https://feeds.news.example.com/feed.css"?>',
    ]);
    expect(rss()).not.toContain('text/xsl');
  });

  it('describes the channel', () => {
    const channel = at(xmlObject(rss()), 'rss.channel');

    expect(at(channel, 'title')).toBe('Interior News Group — Okanagan: Local news');
    expect(at(channel, 'link')).toBe('https://news.example.com/');
    expect(at(channel, 'description')).toBe(
      'Local news and wire copy from the communities of the interior.',
    );
    expect(at(channel, 'language')).toBe('en-CA');
    expect(at(channel, 'generator')).toBe('Dateline');
    expect(at(channel, 'copyright')).toBe('© Interior News Group');
    expect(at(channel, 'image.url')).toBe('https://news.example.com/logo.png');
    expect(at(channel, 'atom:link')).toEqual([
      {
        '@href': 'https://feeds.news.example.com/feeds/okanagan/local.rss',
        '@rel': 'self',
        '@type': 'application/rss+xml',
      },
      { '@href': 'https://hub.news.example.com/', '@rel': 'hub' },
    ]);
  });

  it('writes RFC 822 dates with +0000', () => {
    const channel = at(xmlObject(rss()), 'rss.channel');

    expect(at(channel, 'lastBuildDate')).toBe('Wed, 25 Nov 2026 18:30:00 +0000');
    expect(at(channel, 'item.0.pubDate')).toBe('Wed, 25 Nov 2026 18:30:00 +0000');
  });

  it('gives a teaser its dek, link, categories, region and a non-permalink guid', () => {
    const item = at(xmlObject(rss()), 'rss.channel.item.0');

    expect(at(item, 'title')).toBe(wineryTeaser().headline);
    expect(at(item, 'description')).toBe(wineryTeaser().summary);
    expect(at(item, 'link')).toBe(wineryTeaser().url);
    expect(at(item, 'guid')).toEqual({
      '#text': `${TAG}:story/ing-local-20261125-winery`,
      '@isPermaLink': 'false',
    });
    expect(at(item, 'category')).toEqual([
      'Business',
      'Agriculture',
      { '#text': 'Okanagan', '@domain': `${TAG}:region` },
    ]);
    expect(at(item, 'dl:region')).toEqual(['okanagan']);
  });

  it('gives a teaser one typed enclosure and its Media RSS picture with caption and credit', () => {
    const item = at(xmlObject(rss()), 'rss.channel.item.0');
    const url = 'https://img.news.example.com/2026/11/winery-vines.jpg';

    expect(at(item, 'enclosure')).toEqual([{ '@url': url, '@length': '0', '@type': 'image/jpeg' }]);
    expect(at(item, 'media:content')).toEqual([
      {
        '@url': url,
        '@type': 'image/jpeg',
        '@medium': 'image',
        '@width': '1200',
        '@height': '800',
        'media:description': {
          '#text': 'Restored vines above the lake in late October.',
          '@type': 'plain',
        },
        'media:credit': 'Priya Sandhu / Interior News Group',
      },
    ]);
    expect(at(item, 'media:thumbnail')).toEqual([
      { '@url': url, '@width': '1200', '@height': '800' },
    ]);
  });

  it('gives wire copy its body, byline, rights and wire fields', () => {
    const item = at(xmlObject(rss([ottawaWire()], 'wire')), 'rss.channel.item.0');
    const body = String(at(item, 'content:encoded'));

    expect(body).toMatch(
      /^<p>By Dana Whitfield, The Canadian Wire<\/p>\n<p>OTTAWA \u2014 The federal/,
    );
    expect(body).toMatch(/<p><em>Canadian Wire writer Omar Lindqvist .*<\/em><\/p>$/);
    expect(body).toContain('href="https://news.example.com/audits/rail-bridges"');
    expect(at(item, 'dc:creator')).toEqual(['Dana Whitfield, The Canadian Wire']);
    expect(at(item, 'author')).toBeUndefined();
    expect(at(item, 'dc:rights')).toBe('© 2026 The Canadian Wire');
    expect(at(item, 'pubDate')).toBe('Wed, 25 Nov 2026 17:00:00 +0000');
    expect(at(item, 'dl:dateline')).toBe('OTTAWA');
    expect(at(item, 'dl:credit')).toBe('The Canadian Wire');
    expect(at(item, 'dl:contributors')).toBe(ottawaWire().contributors);
    expect(at(item, 'dl:version')).toBe('3');
    expect(at(item, 'dl:status')).toBe('usable');
  });

  it('shows markup in a headline and dek as text: the dek is HTML-escaped once more', () => {
    const story = wineryTeaser({ headline: '<b>Big</b> & bold', summary: '<script>x</script>' });
    const item = at(xmlObject(rss([story])), 'rss.channel.item.0');

    expect(at(item, 'title')).toBe('<b>Big</b> & bold');
    expect(at(item, 'description')).toBe('&lt;script&gt;x&lt;/script&gt;');
  });

  it('links an item without a usable page of its own to its story page on the feed site', () => {
    const item = at(xmlObject(rss([wineryTeaser({ url: 'relative/page' })])), 'rss.channel.item.0');

    expect(at(item, 'link')).toBe(
      'https://feeds.news.example.com/pages/ing-local-20261125-winery.html',
    );
  });

  it('links a wire story sent without a url to its story page', () => {
    const item = at(xmlObject(rss([ottawaWire({ url: undefined })], 'wire')), 'rss.channel.item.0');

    expect(at(item, 'link')).toBe(`https://feeds.news.example.com/pages/${ottawaWire().id}.html`);
  });

  it('reads the same with two independent parsers', async () => {
    const read = await readWithBothParsers(rss([wineryTeaser(), ottawaWire()]));
    const expected = [
      {
        id: `${TAG}:story/ing-local-20261125-winery`,
        title: wineryTeaser().headline,
        link: wineryTeaser().url,
        published: '2026-11-25T18:30:00.000Z',
      },
      {
        id: `${TAG}:story/urn:wire:tcw:20261125:rail-bridges`,
        title: ottawaWire().headline,
        link: ottawaWire().url,
        published: '2026-11-25T17:00:00.000Z',
      },
    ];

    expect(read.rowanItems).toEqual(expected);
    expect(read.rssItems).toEqual(expected);
    expect(read.rss.items[1]?.creator).toBe('Dana Whitfield, The Canadian Wire');
    expect(read.rowan.self).toBe('https://feeds.news.example.com/feeds/okanagan/local.rss');
  });
});
