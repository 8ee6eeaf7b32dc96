import { PreconditionFailedError } from '../errors.js';
import { HTML_CONTENT_TYPE, storyPageKey } from '../formats/feed-paths.js';
import { isVisibleAt } from '../story/story-rules.js';
import { renderStoryPage } from '../web/story-page.js';
import { renderWithdrawnPage } from '../web/withdrawn-page.js';
import { contentHashOf } from './content-hash.js';
import { mapLimit } from './map-limit.js';
import { type PublishDeps, withRenderer } from './publish-deps.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { writeChanged } from './write-changed.js';

export interface PagesReport {
  readonly written: readonly string[];
  readonly unchanged: number;
  readonly retries: number;
}

/**
 * Brings each story's page in line with the story: a story in its feeds at `now` has its page
 * (rendered from the very item the feeds carry, so sanitised the same way); a page whose story
 * left every feed (killed, withheld, expired, deleted) becomes a short "withdrawn" page; a story
 * not yet visible (embargoed) gets no page at all. Each page is a compare-and-swap against the
 * ETag read before the story, so a slower publisher never puts back an older take.
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
  return {
    written: results.flatMap((r) => r.written),
    unchanged: results.reduce((n, r) => n + r.unchanged, 0),
    retries: results.reduce((n, r) => n + r.retries, 0),
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
      if (body === undefined) return { written: [], unchanged: 0, retries };
      // Recorded before it is written: a rebuild may then restore a page never written, never
      // miss one that was.
      if (visible && current?.contentHash !== contentHashOf(body)) {
        await deps.stories.recordStoryPage(id);
      }
      const file = { key, contentType: HTML_CONTENT_TYPE, body };
      const outcome = await writeChanged(deps.feeds, [file], new Map([[key, current]]));
      return { ...outcome, retries };
    },
    { isLostRace: (error) => error instanceof PreconditionFailedError },
  );
}
