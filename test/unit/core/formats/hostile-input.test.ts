import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../../../lambdas/core/content/clean-text.js';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderFeedFiles } from '../../../../lambdas/core/formats/render-feed-files.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import { feedContext, feedSite } from '../../../fixtures/stories.js';
import { stories, text } from './hostile-stories.js';
import { wellFormednessErrors } from './strict-xml.js';

describe('feeds from hostile input', () => {
  it('always parse, in all three formats, and keep every item with its exact headline', async () => {
    const channels = fc.constantFrom('local' as const, 'wire' as const);
    await fc.assert(
      fc.asyncProperty(stories, text, channels, async (list, title, channel) => {
        const site = feedSite({
          title: `T${title}`.slice(0, 200),
          description: title.slice(0, 999),
        });
        const ctx = feedContext({ site, feed: { region: 'okanagan', channel } });
        const tombstones = [{ storyId: title, deletedAt: '2026-11-25T20:00:00.000Z' }];
        const doc = buildFeedDocument(ctx, list as Story[], tombstones);
        const ids = list.map((s) => `tag:news.example.com,2026-01-01:story/${s.id}`).sort();
        const headlines = new Map(list.map((s) => [s.id, cleanLine(s.headline)]));
        const titles = doc.items.map((i) => headlines.get(i.id.split(':story/')[1] ?? ''));
        const [rss = '', atom = '', json = ''] = renderFeedFiles(doc).map((f) => f.body);

        for (const xml of [rss, atom]) {
          expect(wellFormednessErrors(xml)).toEqual([]);
          expect(
            parseFeed(xml)
              .items.map((i) => i.id)
              .sort(),
          ).toEqual(ids);
          const read = await new Parser().parseString(xml);
          // rss-parser gives an empty Atom title as its attributes object.
          const readTitles = read.items.map((i) => (typeof i.title === 'string' ? i.title : ''));
          expect(readTitles).toEqual(titles);
        }
        const parsed = JSON.parse(json) as { items: Array<{ id: string; title: string }> };
        expect(parsed.items.map((i) => i.id).sort()).toEqual(ids);
        expect(parsed.items.map((i) => i.title)).toEqual(titles);
      }),
      { numRuns: 200 },
    );
  }, 120_000); // a second or two when idle; a busy shared machine can be 20× slower
});
