import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildFeedDocument,
  type FeedContext,
} from '../../../../lambdas/core/feed/feed-document.js';
import { createFeedRenderer } from '../../../../lambdas/core/feed/feed-renderer.js';
import { renderFeedFiles } from '../../../../lambdas/core/feed/render-feed-files.js';
import type { Tombstone } from '../../../../lambdas/core/ports.js';
import type { Story } from '../../../../lambdas/core/story.js';
import { feedContext, feedSite, ottawaWire, wineryTeaser } from '../../../fixtures/stories.js';
import { stories, text } from './hostile-stories.js';

/** The whole-document renderers, nothing kept: what every render must equal byte for byte. */
function fullRender(ctx: FeedContext, list: readonly Story[], tombstones: readonly Tombstone[]) {
  return renderFeedFiles(buildFeedDocument(ctx, list, tombstones));
}

const SITE = feedSite();

const tombstones = fc.array(
  fc.record({
    storyId: fc.oneof(text, fc.constantFrom('a', 'b')),
    deletedAt: fc.constantFrom('2026-11-25T20:00:00.000Z', '2026-11-20T08:00:00.000Z', 'bad'),
  }),
  { maxLength: 2 },
);

describe('createFeedRenderer', () => {
  it('renders byte for byte what a full render gives, cold and after earlier renders', () => {
    fc.assert(
      fc.property(
        stories,
        stories,
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        tombstones,
        fc.constantFrom('local' as const, 'wire' as const),
        fc.constantFrom(undefined, 1500, 4000),
        (first, fresh, keep, dead, channel, maxFeedBytes) => {
          // Below the configurable minimum on purpose, so the byte budget cuts items off.
          const site = maxFeedBytes ? { ...SITE, maxFeedBytes } : SITE;
          const ctx = feedContext({ site, feed: { region: 'okanagan', channel } });
          const other = feedContext({ site, feed: { region: 'shuswap', channel } });
          // A later publish: some stories unchanged (the very objects), others new takes or new.
          const later = [...first.filter((_, i) => keep[i]), ...fresh] as Story[];
          const warm = createFeedRenderer();
          warm.render(ctx, first as Story[], []);
          warm.render(other, later, dead);

          const incremental = warm.render(ctx, later, dead);
          const cold = createFeedRenderer().render(ctx, later, dead);

          const full = fullRender(ctx, later, dead);
          expect(incremental).toEqual(full);
          expect(cold).toEqual(full);
        },
      ),
      { numRuns: 80 },
    );
  }, 180_000);

  it('writes only the changed story again when one story of a feed changes', () => {
    const renderer = createFeedRenderer();
    const ctx = feedContext({ site: SITE, feed: { region: 'okanagan', channel: 'wire' } });
    const kept = ottawaWire({ id: 'kept' });
    const changed = ottawaWire({ id: 'changed' });
    renderer.render(ctx, [kept, changed], []);
    const before = renderer.stats.items;

    const files = renderer.render(ctx, [kept, { ...changed, version: 2, headline: 'New' }], []);

    expect(renderer.stats.items - before).toBe(1);
    expect(files).toEqual(fullRender(ctx, [kept, { ...changed, version: 2, headline: 'New' }], []));
  });

  it('writes a story listed in many feeds once', () => {
    const renderer = createFeedRenderer();
    const everywhere = ottawaWire({ id: 'everywhere', regions: ['*'] });

    for (const region of ['okanagan', 'shuswap', 'kootenay']) {
      renderer.render(
        feedContext({ site: SITE, feed: { region, channel: 'wire' } }),
        [everywhere],
        [],
      );
    }

    expect(renderer.stats).toEqual({ feeds: 3, items: 1 });
  });

  it('keeps items apart per site', () => {
    const renderer = createFeedRenderer();
    const story = wineryTeaser();
    const a = feedContext({ site: feedSite({ title: 'First site' }) });
    const b = feedContext({
      site: feedSite({ title: 'Second site', baseUrl: 'https://b.example' }),
    });
    renderer.render(a, [story], []);

    expect(renderer.render(b, [story], [])).toEqual(fullRender(b, [story], []));
  });
});
