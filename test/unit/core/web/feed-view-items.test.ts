import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderFeedView } from '../../../../lambdas/core/web/feed-view.js';
import { agencyWire, feedContext } from '../../../fixtures/stories.js';

const BASE = 'https://feeds.example.com';

/** The `<time>` text of a view's items. */
const times = (html: string) => [...html.matchAll(/<time [^>]*>([^<]*)<\/time>/g)].map((m) => m[1]);

describe('feed view items, kept per item object', () => {
  const doc = buildFeedDocument(
    feedContext({ feed: { region: 'okanagan', channel: 'wire' } }),
    [agencyWire({ publishedAt: '2026-12-05T21:50:00Z' })],
    [],
  );

  it('writes the same markup for the same item every time', () => {
    expect(renderFeedView(doc, BASE)).toBe(renderFeedView(doc, BASE));
  });

  it('gives the same item object its own time in a view of another time zone or language', () => {
    const pacific = renderFeedView({ ...doc, timeZone: 'America/Vancouver', language: 'en' }, BASE);
    const eastern = renderFeedView({ ...doc, timeZone: 'America/Toronto', language: 'en' }, BASE);
    const french = renderFeedView({ ...doc, timeZone: 'America/Toronto', language: 'fr' }, BASE);

    expect(times(pacific)).toEqual(['December 5, 2026 at 1:50 PM PST']);
    expect(times(eastern)).toEqual(['December 5, 2026 at 4:50 PM EST']);
    expect(times(french)[0]).toMatch(/^5 décembre 2026 à 16/);
  });
});
