import { parseFeed } from '@rowanmanning/feed-parser';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderAtom } from '../../../../lambdas/core/formats/render-atom.js';
import { renderJsonFeed } from '../../../../lambdas/core/formats/render-json-feed.js';
import { renderRss } from '../../../../lambdas/core/formats/render-rss.js';
import type { Tombstone } from '../../../../lambdas/core/ports.js';
import type { Channel, Story } from '../../../../lambdas/core/story/story.js';
import { agencyWire, feedContext, feedSite, libraryTeaser } from '../../../fixtures/stories.js';
import { at, expectWellFormed, xmlObject } from './feed-readers.js';

const AUTHOR_LINE = 'Marta Okafor and Teo Brandt, The Northern Press';
const PEOPLE = ['Marta Okafor, The Northern Press', 'Teo Brandt, The Northern Press'];
const LEAD = 'HALDEN (NP) \u2014 Councillors in Halden passed the city budget';
const FIGCAPTION =
  '<figcaption>Councillors leave city hall after the vote. (NP Photo/Sam Ortiz)</figcaption>';
const CONTRIBUTORS = 'Northern Press writer Ada Lund in Varberg contributed to this report.';

function doc(stories: Story[], channel: Channel = 'wire', tombstones: Tombstone[] = []) {
  return buildFeedDocument(
    feedContext({ feed: { region: 'okanagan', channel } }),
    stories,
    tombstones,
  );
}

/** The content a reader shows, checked for what the newspaper page prints. */
function expectWholeStory(html: string | undefined): void {
  expect(html).toContain(`<p>By ${AUTHOR_LINE}</p>`);
  expect(html).toContain(`<p>${LEAD}`);
  const lead = html?.match(/<p>HALDEN[^<]*<\/p>/)?.[0] ?? '';
  expect(lead.match(/\u2014|--| - /g)).toHaveLength(1);
  expect(html).not.toMatch(/Halden \u2014|--/);
  expect(html).toContain(FIGCAPTION);
  expect(html).toContain(`<em>${CONTRIBUTORS}</em>`);
}

describe('what readers see of an agency story', () => {
  it('RSS: one author line, a plain-text description before the whole story, photo credit', async () => {
    const xml = renderRss(doc([agencyWire()]));
    expectWellFormed(xml);
    const item = (
      await new Parser({ customFields: { item: ['dc:creator', 'content:encoded'] } }).parseString(
        xml,
      )
    ).items[0];
    const raw = at(xmlObject(xml), 'rss.channel.item.0');

    expect(item?.creator).toBe(AUTHOR_LINE);
    expect(at(raw, 'dc:creator')).toEqual([AUTHOR_LINE]);
    expect(at(raw, 'description')).toBe(
      'HALDEN (NP) \u2014 Councillors in Halden passed the city budget at dawn on Wednesday after a sitting that ran through the night, ending a month of disagreement over road repairs.',
    );
    expect(xml.indexOf('<description>HALDEN')).toBeLessThan(xml.indexOf('<content:encoded>'));
    expectWholeStory(item?.['content:encoded']);
    expect(at(raw, 'media:content.0.media:credit')).toBe('NP Photo/Sam Ortiz');
  });

  it('Atom: one author per person, a summary, the whole story and a titled enclosure', () => {
    const xml = renderAtom(doc([agencyWire()]));
    const entry = parseFeed(xml).items[0];

    expect(entry?.authors.map((a) => a.name)).toEqual(PEOPLE);
    expect(entry?.description).toMatch(/^HALDEN \(NP\) \u2014 Councillors/);
    expectWholeStory(entry?.content ?? undefined);
    const raw = at(xmlObject(xml), 'feed.entry.0.link') as Array<Record<string, string>>;
    expect(raw.find((l) => l['@rel'] === 'enclosure')?.['@title']).toBe(
      'Councillors leave city hall after the vote. (NP Photo/Sam Ortiz)',
    );
  });

  it('JSON Feed: authors per person, a summary, the whole story and the image', () => {
    const item = JSON.parse(renderJsonFeed(doc([agencyWire()]))).items[0];

    expect(item.authors.map((a: { name: string }) => a.name)).toEqual(PEOPLE);
    expect(item.summary).toMatch(/^HALDEN \(NP\) \u2014 Councillors/);
    expectWholeStory(item.content_html);
    expect(item.image).toBe('https://img.np.example.net/2026/11/halden-council.jpg');
    expect(item._dateline.image).toMatchObject({ credit: 'NP Photo/Sam Ortiz' });
    expect(item._dateline.dateline).toBe('Halden');
  });

  it('shows a brief (a ninjs item without a body) as its summary, led by one dateline', async () => {
    const story = agencyWire({ bodyHtml: undefined, summary: 'Councillors passed the budget.' });
    const rss = await new Parser({ customFields: { item: ['content:encoded'] } }).parseString(
      renderRss(doc([story])),
    );
    const json = JSON.parse(renderJsonFeed(doc([story]))).items[0];

    expect(rss.items[0]?.contentSnippet).toBe('Councillors passed the budget.');
    expect(rss.items[0]?.['content:encoded']).toContain(
      '<p>Halden \u2014 Councillors passed the budget.</p>',
    );
    expect(json.content_html).toContain('<p>Halden \u2014 Councillors passed the budget.</p>');
  });

  it('authors a story with a credit and no byline by the agency, never the site', () => {
    const story = agencyWire({ byline: [] });
    const rss = xmlObject(renderRss(doc([story])));
    const atom = parseFeed(renderAtom(doc([story])));
    const json = JSON.parse(renderJsonFeed(doc([story])));

    expect(at(rss, 'rss.channel.item.0.dc:creator')).toEqual(['The Northern Press']);
    expect(atom.items[0]?.authors.map((a) => a.name)).toEqual(['The Northern Press']);
    expect(json.items[0].authors).toEqual([{ name: 'The Northern Press' }]);
  });
});

describe('namespaces', () => {
  const NS = 'https://news.example.com/ns/dateline/1.0';

  it('declares only what an empty feed uses', () => {
    const rss = renderRss(doc([]));
    const atom = renderAtom(doc([]));

    expect(rss).toMatch(/<rss version="2.0" xmlns:atom="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(atom).not.toContain('xmlns:at=');
    expect(atom).not.toContain('xmlns:dl=');
  });

  it('declares the Dateline namespace under the site, and no picture or body one for teasers', () => {
    const rss = renderRss(doc([libraryTeaser()], 'local'));

    expect(rss).toContain(`xmlns:dl="${NS}"`);
    expect(rss).not.toContain('dateline.example');
    expect(rss).not.toMatch(/xmlns:(content|media|dc)=/);
  });

  it('carries no namespace of its own unless the site asks for the XML extension', () => {
    const context = feedContext({ site: feedSite({ xmlExtension: undefined }) });
    const stories = [agencyWire()];
    const rss = renderRss(buildFeedDocument(context, stories, []));
    const atom = renderAtom(buildFeedDocument(context, stories, []));

    for (const xml of [rss, atom]) {
      expect(xml).not.toContain('xmlns:dl=');
      expect(xml).not.toContain('<dl:');
      expect(xml).toContain('HALDEN (NP)');
    }
  });

  it('declares the tombstone namespace only with a tombstone', () => {
    const tombstones = [{ storyId: 'gone', deletedAt: '2026-11-25T20:00:00.000Z' }];
    const atom = renderAtom(doc([agencyWire()], 'wire', tombstones));

    expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(atom).toContain(`xmlns:dl="${NS}"`);
    expect(renderAtom(doc([agencyWire()]))).not.toContain('xmlns:at=');
  });
});
