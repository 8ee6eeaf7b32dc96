import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import { renderStoryPage } from '../../../../lambdas/core/web/story-page.js';
import { agencyWire, feedContext, feedSite, libraryTeaser } from '../../../fixtures/stories.js';

const BASE = 'https://feeds.example.com';

function pageOf(story: Story, site = feedSite()): string {
  const doc = buildFeedDocument(
    feedContext({ feed: { region: 'okanagan', channel: story.channel } }),
    [story],
    [],
  );
  const item = doc.items[0];
  if (!item) throw new Error('the story is not in its feed');
  return renderStoryPage({ site, feedBaseUrl: BASE }, item);
}

const count = (html: string, text: string) => html.split(text).length - 1;

describe('a story page as a newspaper prints it', () => {
  it('shows no dek when none was sent: the lead is not printed twice', () => {
    const html = pageOf(
      agencyWire({
        summary: undefined,
        dateline: 'KELOWNA, B.C.',
        bodyHtml: '<p>Water managers asked residents to cut use by a third.</p><p>More.</p>',
      }),
    );

    const article = html.slice(html.indexOf('<article>'));
    expect(article).not.toContain('class="dek"');
    expect(count(article, 'Water managers asked residents')).toBe(1);
  });

  it('shows a dek that says something the lead does not', () => {
    const html = pageOf(agencyWire({ summary: 'Reservoirs sit at a ten-year low' }));

    expect(html).toContain('<p class="dek">Reservoirs sit at a ten-year low</p>');
  });

  it('prints the byline once when a correction leads the body', () => {
    const html = pageOf(agencyWire({ correction: 'An earlier version misspelled a name.' }));

    expect(html.match(/>By [^<]*/g)).toHaveLength(1);
  });

  it("labels a sender's own CORRECTION: once", () => {
    const html = pageOf(
      agencyWire({ correction: 'CORRECTION: An earlier version gave a wrong date.' }),
    );

    expect(html).toContain('<strong>Correction:</strong> An earlier version gave a wrong date.');
    expect(html).not.toMatch(/Correction:<\/strong> CORRECTION/i);
  });

  it.each([
    ['a plain credit', 'Kelowna Capital News', 'Photo: Kelowna Capital News'],
    ['a labelled credit', 'Photo: Kelowna Capital News', 'Photo: Kelowna Capital News'],
    ['an agency credit in brackets', '(AP Photo/Jo Ames)', '(AP Photo/Jo Ames)'],
  ])('labels the photo credit once (%s)', (_, credit, shown) => {
    const html = pageOf(
      libraryTeaser({
        image: { url: 'https://news.example.com/i/dam.jpg', caption: 'The dam at dusk.', credit },
      }),
    );

    expect(html).toContain(`The dam at dusk. ${shown}</figcaption>`);
    expect(count(html, 'Photo:')).toBe(shown.startsWith('Photo:') ? 1 : 0);
  });
});

describe('a story page for its readers', () => {
  it("shows times in the site's time zone with its abbreviation, the instant kept in datetime", () => {
    const html = pageOf(
      agencyWire({
        publishedAt: '2026-12-05T21:50:00.000Z',
        updatedAt: '2026-12-05T21:50:00.000Z',
      }),
      feedSite({ timeZone: 'America/Vancouver' }),
    );

    expect(html).toMatch(
      /<time datetime="2026-12-05T21:50:00Z">December 5, 2026 at 1:50\Wp\.m\. PST<\/time>/u,
    );
  });

  it('prints the labels of a French story in French, on a page that says it is French', () => {
    const html = pageOf(
      agencyWire({
        language: 'fr-CA',
        correction: 'Une version précédente donnait une mauvaise date.',
        publishedAt: '2026-12-05T21:50:00.000Z',
        updatedAt: '2026-12-05T21:50:00.000Z',
      }),
      feedSite({ timeZone: 'America/Vancouver' }),
    );

    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('<strong>Correction\u00a0:</strong>');
    expect(html).toMatch(/>Par [^<]+</);
    expect(html).toMatch(/Publié le <time[^>]*>5 décembre 2026 à 13\Wh\W50 HNP<\/time>/u);
    expect(html).not.toMatch(/>(Published|By|Filed under) /);
  });
});

describe("a story page's picture", () => {
  it("takes alt from the picture's description, never the caption word for word", () => {
    const image = { url: 'https://news.example.com/i/dam.jpg', caption: 'The dam at dusk.' };
    const described = pageOf(
      libraryTeaser({ image: { ...image, alt: 'A concrete dam lit orange' } }),
    );
    const captioned = pageOf(libraryTeaser({ image }));

    expect(described).toContain('alt="A concrete dam lit orange"');
    expect(captioned).toContain('alt=""');
    expect(captioned).not.toContain('alt="The dam at dusk."');
  });
});

describe('the timeZone setting', () => {
  it('takes an IANA zone and refuses anything else by name', async () => {
    const { parseSiteConfig } = await import('../../../../lambdas/core/site-config.js');
    const site = { title: 'T', baseUrl: 'https://t.example', language: 'en-CA' };
    const regions = [{ slug: 'okanagan', name: 'Okanagan' }];

    expect(parseSiteConfig({ ...site, regions }).timeZone).toBe('UTC');
    expect(parseSiteConfig({ ...site, regions, timeZone: 'America/Vancouver' }).timeZone).toBe(
      'America/Vancouver',
    );
    expect(() => parseSiteConfig({ ...site, regions, timeZone: 'Pacific Time' })).toThrow(
      /timeZone.*IANA time zone/s,
    );
  });
});
