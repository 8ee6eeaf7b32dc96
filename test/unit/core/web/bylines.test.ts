import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderFeedView } from '../../../../lambdas/core/web/feed-view.js';
import { renderStoryPage } from '../../../../lambdas/core/web/story-page.js';
import { agencyWire, feedContext, feedSite, libraryTeaser } from '../../../fixtures/stories.js';

const LINE = 'Marta Okafor and Teo Brandt, The Northern Press';
const BASE = 'https://feeds.example.com';

function itemOf(story = agencyWire()) {
  const doc = buildFeedDocument(
    feedContext({ feed: { region: 'okanagan', channel: story.channel } }),
    [story],
    [],
  );
  return { doc, item: doc.items[0] as NonNullable<(typeof doc.items)[0]> };
}

const bylines = (html: string) => html.match(/By [^<]*/g) ?? [];

describe('bylines on the web', () => {
  it('prints a wire story page byline once, naming every author with the agency once', () => {
    const { item } = itemOf();
    const html = renderStoryPage({ site: feedSite(), feedBaseUrl: BASE }, item);

    expect(bylines(html)).toEqual([`By ${LINE}`]);
  });

  it('gives a teaser page (no composed body) its byline line', () => {
    const { item } = itemOf(
      libraryTeaser({ byline: [{ name: 'Ada Lund' }, { name: 'Sam Ortiz' }] }),
    );
    const html = renderStoryPage({ site: feedSite(), feedBaseUrl: BASE }, item);

    expect(bylines(html)).toEqual(['By Ada Lund and Sam Ortiz']);
  });

  it('marks an item in another language than the view with its own lang', () => {
    const doc = buildFeedDocument(
      feedContext({ feed: { region: 'okanagan', channel: 'local' } }),
      [libraryTeaser({ id: 'fr-teaser', language: 'fr-CA' }), libraryTeaser({ id: 'en-teaser' })],
      [],
    );
    const view = renderFeedView(doc, BASE);

    expect(view.match(/<li lang="fr-CA">/g)).toHaveLength(1);
    expect(view.match(/^ {6}<li>$/gm)).toHaveLength(1);
  });

  it('shows the author line in the feed view', () => {
    const { doc } = itemOf();
    expect(renderFeedView(doc, BASE)).toContain(`${LINE} ·`);
  });
});
