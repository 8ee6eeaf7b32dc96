import { Feed } from 'feed';
import { buildFeedDocument } from '../lambdas/core/formats/feed-document.js';
import { createFeedRenderer } from '../lambdas/core/formats/feed-renderer.js';
import { renderFeedFiles } from '../lambdas/core/formats/render-feed-files.js';
import { parseStoryInput, resolveStory, type Story } from '../lambdas/core/story/story.js';
import { regions, site, wireJson } from './fixtures.js';
import type { Results } from './results.js';
import { heading, median, ms, row, target, timeIt } from './stats.js';

const RUNS = 40;
const WARMUP = 8;

/**
 * Render of one 50-story wire feed in all three formats, side by side with bare feed@6 doing
 * RSS 2.0 + Atom 1.0 + JSON Feed 1.0 of the same stories (no cleaning, no extensions):
 * - incremental: the publisher's renderer, warm, after one story changed (a new revision);
 * - cold: a new renderer (nothing kept: no item, no feed@6 template) rendering the whole feed;
 * - cold, unstamped: the same with bodies not recorded as sanitised at ingest (cleaned again).
 * Each is checked once to give the very bytes of the whole-document renderers.
 */
export async function renderBench(results: Results): Promise<void> {
  heading('Render: one wire feed of 50 stories (~4.5 KB bodies), RSS + Atom + JSON Feed');
  const now = new Date();
  let stories: Story[] = Array.from({ length: 50 }, (_, i) =>
    resolveStory(parseStoryInput(wireJson(`render-${i}`, i), regions), undefined, now),
  );
  const ctx = {
    site,
    feedBaseUrl: 'http://localhost:3000',
    feed: { region: 'okanagan', channel: 'wire' as const },
    now,
  };
  const warm = createFeedRenderer();
  const withRenderer = (renderer: ReturnType<typeof createFeedRenderer>, list: Story[]) =>
    renderer.renderFeed(renderer.document(ctx, list, [])).files;
  const unstamped = (list: Story[]) => list.map(({ bodyCleanedBy: _, ...story }) => story);
  checkSameBytes(withRenderer(warm, stories), renderFeedFiles(buildFeedDocument(ctx, stories, [])));
  const incremental: number[] = [];
  const cold: number[] = [];
  const coldUnstamped: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS + WARMUP; run++) {
    stories = withOneChanged(stories, run % stories.length, now);
    const plain = unstamped(stories);
    const a = await timeIt(() => withRenderer(warm, stories));
    const b = await timeIt(() => bareFeed6(stories));
    const c = await timeIt(() => withRenderer(createFeedRenderer(), stories));
    const d = await timeIt(() => withRenderer(createFeedRenderer(), plain));
    if (run < WARMUP) continue;
    incremental.push(a);
    bare.push(b);
    cold.push(c);
    coldUnstamped.push(d);
  }
  checkSameBytes(withRenderer(warm, stories), renderFeedFiles(buildFeedDocument(ctx, stories, [])));
  const bareMs = median(bare);
  row('bare feed@6 (median)', ms(bareMs), 'no cleaning, no extensions, JSON Feed 1.0');
  row('Dateline, warm, one story changed (median)', ms(median(incremental)));
  row('Dateline, cold full render (median)', ms(median(cold)));
  row(
    '  the same, bodies not stamped clean (median)',
    ms(median(coldUnstamped)),
    'sanitised again',
  );
  results.render_incremental_ratio = median(incremental) / bareMs;
  results.render_cold_ratio = median(cold) / bareMs;
  target('incremental / bare feed@6', results.render_incremental_ratio, 0.5, 'x');
  target('cold / bare feed@6', results.render_cold_ratio, 2, 'x');
}

/** The renderer must give the very bytes of a whole render; a bench of wrong output is void. */
function checkSameBytes(
  kept: readonly { body: Buffer }[],
  whole: readonly { body: string }[],
): void {
  if (kept.some((file, i) => !file.body.equals(Buffer.from(whole[i]?.body ?? '', 'utf8')))) {
    throw new Error('the incremental render differs from the whole render');
  }
}

/** A new take of one story: a new stored revision, as a write-thru makes it. */
function withOneChanged(stories: readonly Story[], index: number, now: Date): Story[] {
  return stories.map((story, i) =>
    i === index
      ? {
          ...story,
          version: story.version + 1,
          headline: `${story.headline} (updated)`.slice(0, 300),
          receivedAt: new Date(Date.parse(story.receivedAt) + 1).toISOString(),
          updatedAt: now.toISOString(),
          fingerprint: `${story.fingerprint}+`,
        }
      : story,
  );
}

function bareFeed6(stories: readonly Story[]): void {
  const feed = new Feed({ title: site.title, id: site.baseUrl, link: site.baseUrl, copyright: '' });
  for (const s of stories) {
    feed.addItem({
      title: s.headline,
      id: `tag:news.example.com,2026-01-01:story/${s.id}`,
      link: s.url ?? site.baseUrl,
      date: new Date(s.publishedAt),
      content: s.bodyHtml,
    });
  }
  feed.rss2();
  feed.atom1();
  feed.json1();
}
