import { PreconditionFailedError } from '../errors.js';
import { HTML_CONTENT_TYPE, storyPageKey } from '../formats/feed-paths.js';
import type { Story } from '../story/story.js';
import { isVisibleAt } from '../story/story-rules.js';
import { renderStoryPage } from '../web/story-page.js';
import { renderWithdrawnPage } from '../web/withdrawn-page.js';
import { contentHashOf } from './content-hash.js';
import { mapLimit } from './map-limit.js';
import { type PublishDeps, withRenderer } from './publish-deps.js';
import { publishSitemaps, recordSitemapStates } from './publish-sitemaps.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { writeChanged } from './write-changed.js';

export interface PagesReport {
  readonly written: readonly string[];
  readonly unchanged: number;
  readonly retries: number;
  /** Each story as its page was rendered from it (undefined: not stored). */
  readonly read: ReadonlyMap<string, Story | undefined>;
}

/**
 * Brings each story's page in line with the story: a story in its feeds at `now` has its page
 * (rendered from the very item the feeds carry, so sanitised the same way); a page whose story
 * left every feed (killed, withheld, expired, deleted) becomes a short "withdrawn" page; a story
 * not yet visible (embargoed) gets no page at all. Each page is a compare-and-swap against the
 * ETag read before the story, so a slower publisher never puts back an older take. Then the
 * sitemap records follow the stories as read (publish-sitemaps.ts), marking the days whose
 * listing changed; their files are rewritten by the next sweep (`publishSitemaps`), at most
 * once a sweep however many stories changed, and a rebuild (`restore`) renders them all now.
 */
export async function publishPages(
  deps: PublishDeps,
  storyIds: Iterable<string>,
  options: { readonly restore?: boolean } = {},
): Promise<PagesReport> {
  const ids = [...new Set(storyIds)].sort();
  const rendering = withRenderer(deps);
  const results = await mapLimit(ids, deps.concurrency ?? 8, (id) =>
    publishPage(rendering, id, options.restore ?? false),
  );
  const seen = results.map((r, i) => ({ id: ids[i] as string, story: r.story }));
  await recordSitemapStates(rendering, seen);
  // The files follow at the next sweep (publish-sitemaps.ts); a rebuild restores them now.
  const sitemaps = options.restore ? await publishSitemaps(rendering, options) : { written: [] };
  return {
    written: [...results.flatMap((r) => r.written), ...sitemaps.written],
    unchanged: results.reduce((n, r) => n + r.unchanged, 0),
    retries: results.reduce((n, r) => n + r.retries, 0),
    read: new Map(seen.map(({ id, story }) => [id, story])),
  };
}

/**
 * One story's page. Every visible page written is recorded (`recordStoryPage`), so a rebuild
 * into an empty store (`restore`) knows which stories had a page, and withdraws those no longer
 * visible instead of leaving them absent.
 */
async function publishPage(deps: ReturnType<typeof withRenderer>, id: string, restore: boolean) {
  const key = storyPageKey(id);
  const ctx = { site: deps.site, feedBaseUrl: deps.feedBaseUrl };
  return retryOnConflict(
    async (retries) => {
      const current = await deps.feeds.head(key);
      const story = await deps.stories.get(id);
      let body: string | undefined;
      const visible = story !== undefined && isVisibleAt(story, deps.clock.now());
      if (visible) {
        body = renderStoryPage(ctx, deps.renderer.item(deps.site, deps.feedBaseUrl, story));
      } else if (current || restore) {
        body = renderWithdrawnPage(ctx);
      }
      if (body === undefined) return { written: [], unchanged: 0, retries, story };
      // Recorded before it is written: a rebuild may then restore a page never written, never
      // miss one that was.
      if (visible && current?.contentHash !== contentHashOf(body)) {
        await deps.stories.recordStoryPage(id);
      }
      const file = { key, contentType: HTML_CONTENT_TYPE, body };
      const outcome = await writeChanged(deps.feeds, [file], new Map([[key, current]]));
      return { ...outcome, retries, story };
    },
    { isLostRace: (error) => error instanceof PreconditionFailedError },
  );
}
