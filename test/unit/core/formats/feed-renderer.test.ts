import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toArchiveDocument } from '../../../../lambdas/core/archive/archive-document.js';
import {
  buildFeedDocument,
  type FeedContext,
} from '../../../../lambdas/core/formats/feed-document.js';
import { archiveKey } from '../../../../lambdas/core/formats/feed-paths.js';
import { createFeedRenderer } from '../../../../lambdas/core/formats/feed-renderer.js';
import {
  renderArchiveFiles,
  renderFeed,
} from '../../../../lambdas/core/formats/render-feed-files.js';
import type { Tombstone } from '../../../../lambdas/core/ports.js';
import type { Channel, Story } from '../../../../lambdas/core/story/story.js';
import {
  agencyWire,
  feedContext,
  feedSite,
  harbourWire,
  libraryTeaser,
  ottawaWire,
  wineryTeaser,
} from '../../../fixtures/stories.js';
import { stories, text } from './hostile-stories.js';

/** A new take of a story, as a write-thru stores it: new content, version and fingerprint. */
function retake(story: Story, change: { headline: string; bodyHtml?: string }, step: number) {
  return {
    ...story,
    ...change,
    version: story.version + 1,
    fingerprint: `${story.fingerprint}+${step}`,
  };
}

const change = fc.record({
  index: fc.nat(),
  headline: text,
  bodyHtml: fc.option(text, { nil: undefined }),
  drop: fc.boolean(),
});

const feeds = fc.constantFrom(
  ...['okanagan', 'shuswap'].flatMap((region) =>
    (['local', 'wire'] as const).map((channel) => ({ region, channel })),
  ),
);

function fixtures(): Story[] {
  return [ottawaWire(), harbourWire(), agencyWire(), wineryTeaser(), libraryTeaser()];
}

/** Files with their bodies as text, to compare the renderer's bytes with a whole render. */
function asText<F extends { body: string | Buffer }>(files: readonly F[]) {
  return files.map((file) => ({ ...file, body: file.body.toString() }));
}

/** The whole-document render of the same feed: feed@6 run on the whole feed, nothing kept. */
function wholeRender(ctx: FeedContext, list: readonly Story[], tombstones: readonly Tombstone[]) {
  return renderFeed(buildFeedDocument(ctx, list, tombstones));
}

describe('createFeedRenderer', () => {
  it('gives the very bytes of a whole render, feed after feed and change after change', () => {
    fc.assert(
      fc.property(
        stories,
        fc.array(fc.tuple(change, feeds, fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 400, max: 12_000 }), { nil: undefined }),
        (hostile, steps, maxBytes) => {
          const sites = [feedSite({ xmlExtension: false }), feedSite({ xmlExtension: true })];
          const renderer = createFeedRenderer();
          let list: Story[] = [...fixtures(), ...(hostile as Story[])];
          const tombstones = [{ storyId: 'gone', deletedAt: '2026-11-25T20:30:00.000Z' }];
          steps.forEach(([step, feed, xmlExtension], n) => {
            const site = sites[xmlExtension ? 1 : 0];
            const index = step.index % list.length;
            const target = list[index] as Story;
            list = step.drop
              ? list.filter((_, i) => i !== index)
              : list.map((s, i) => (i === index ? retake(target, step, n) : s));
            if (list.length === 0) list = fixtures();
            const ctx = feedContext({ site, feed });
            const doc = renderer.document(ctx, list, tombstones);
            const budget = maxBytes === undefined ? doc : { ...doc, maxBytes };
            const expected = wholeRender(ctx, list, tombstones);
            const expectedDoc = buildFeedDocument(ctx, list, tombstones);

            const rendered = renderer.renderFeed(budget);
            const whole =
              maxBytes === undefined ? expected : renderFeed({ ...expectedDoc, maxBytes });

            expect(rendered.kept).toBe(whole.kept);
            expect(asText(rendered.files)).toEqual(whole.files);
            const keyOf = (format: 'rss' | 'atom' | 'json') =>
              archiveKey(feed.region, feed.channel, 1, format);
            const archive = (d: typeof doc) => ({
              ...toArchiveDocument(d, ctx.feedBaseUrl, 1),
              ...(maxBytes === undefined ? {} : { maxBytes }),
            });
            expect(asText(renderer.renderArchiveFiles(archive(doc), keyOf))).toEqual(
              renderArchiveFiles(archive(expectedDoc), keyOf),
            );
          });
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000); // a few seconds when idle; a busy shared machine can be 20× slower

  it('writes a story shared by many feeds once, and only the changed story again', () => {
    const renderer = createFeedRenderer();
    const site = feedSite();
    const render = (list: Story[], region: string, channel: Channel = 'wire') => {
      const ctx = feedContext({ site, feed: { region, channel } });
      return renderer.renderFeed(renderer.document(ctx, list, []));
    };
    const list = [ottawaWire(), harbourWire(), agencyWire()];

    for (const region of ['okanagan', 'shuswap', 'kootenay']) render(list, region);
    const afterFirst = { ...renderer.stats };
    render(
      [retake(ottawaWire(), { headline: 'Ottawa widens rail bridge checks' }, 1), ...list.slice(1)],
      'okanagan',
    );

    expect(afterFirst.items).toBe(3);
    expect(afterFirst.texts).toBe(9);
    expect(renderer.stats.items - afterFirst.items).toBe(1);
    expect(renderer.stats.texts - afterFirst.texts).toBe(3);
  });

  it('makes items again for another site or feed base URL', () => {
    const renderer = createFeedRenderer();
    const ctx = feedContext({ feed: { region: 'okanagan', channel: 'wire' } });
    renderer.renderFeed(renderer.document(ctx, [ottawaWire()], []));
    renderer.renderFeed(
      renderer.document({ ...ctx, site: feedSite({ title: 'Another group' }) }, [ottawaWire()], []),
    );
    renderer.renderFeed(
      renderer.document({ ...ctx, feedBaseUrl: 'https://other.example.com' }, [ottawaWire()], []),
    );

    expect(renderer.stats.items).toBe(3);
  });

  it('keeps no more than it may: past the bound, the least recently used items go', () => {
    const body = `<p>${'Council met again. '.repeat(200)}</p>`;
    const list = Array.from({ length: 20 }, (_, i) =>
      ottawaWire({
        id: `story-${i}`,
        bodyHtml: body,
        publishedAt: `2026-11-25T1${i % 10}:00:00.000Z`,
      }),
    );
    const ctx = feedContext({ feed: { region: 'okanagan', channel: 'wire' } });
    const roomy = createFeedRenderer();
    const tight = createFeedRenderer({ maxKept: 40_000 });
    for (const renderer of [roomy, tight]) {
      renderer.renderFeed(renderer.document(ctx, list, []));
      renderer.renderFeed(renderer.document(ctx, list, []));
    }

    expect(roomy.stats.items).toBe(20);
    expect(tight.stats.items).toBeGreaterThan(20);
    expect(asText(tight.renderFeed(tight.document(ctx, list, [])).files)).toEqual(
      wholeRender(ctx, list, []).files,
    );
  });
});
