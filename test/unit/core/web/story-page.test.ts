import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import { renderStoryPage } from '../../../../lambdas/core/web/story-page.js';
import { agencyWire, feedContext, feedSite, libraryTeaser } from '../../../fixtures/stories.js';

const BASE = 'https://feeds.example.com';

function pageOf(story: Story): string {
  const doc = buildFeedDocument(
    feedContext({ feed: { region: 'okanagan', channel: story.channel } }),
    [story],
    [],
  );
  const item = doc.items[0];
  if (!item) throw new Error('the story is not in its feed');
  return renderStoryPage({ site: feedSite(), feedBaseUrl: BASE }, item);
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
