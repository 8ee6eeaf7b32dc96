import { PreconditionFailedError } from '../errors.js';
import { HTML_CONTENT_TYPE, storyPageKey } from '../formats/feed-paths.js';
import type { StoredFileHead } from '../ports.js';
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
  const restore = options.restore ?? false;
  const drafts = await draftPages(rendering, ids, restore);
  // Recorded before they are written: a rebuild may then restore a page never written, never
  // miss one that was.
  await deps.stories.recordStoryPages(drafts.filter((d) => d.record).map((d) => d.id));
  const results = await mapLimit(drafts, deps.concurrency ?? 8, async (draft) => {
    try {
      return { ...(await writeDraft(rendering, draft)), retries: 0 };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      // Another publisher wrote the page since its head was read: this one on its own.
      const again = await publishPage(rendering, draft.id, restore);
      return { ...again, retries: again.retries + 1 };
    }
  });
  const seen = results.map((r, i) => ({ id: ids[i] as string, story: r.story }));
  await recordSitemapStates(rendering, seen);
  // The files follow at the next sweep (publish-sitemaps.ts); a rebuild restores them now.
  const sitemaps = restore ? await publishSitemaps(rendering, options) : { written: [] };
  return {
    written: [...results.flatMap((r) => r.written), ...sitemaps.written],
    unchanged: results.reduce((n, r) => n + r.unchanged, 0),
    retries: results.reduce((n, r) => n + r.retries, 0),
    read: new Map(seen.map(({ id, story }) => [id, story])),
  };
}

type RenderingDeps = ReturnType<typeof withRenderer>;

/** A story's page as rendered from the story read after the page's head. */
interface Draft {
  readonly id: string;
  readonly story: Story | undefined;
  readonly current: StoredFileHead | undefined;
  /** The page to write (undefined: none, an embargoed story's). */
  readonly body?: string;
  /** Whether the page is to be recorded (`recordStoryPages`) before it is written. */
  readonly record: boolean;
}

/**
 * The pages of `ids`: every page's head first, then the stories (one batched read), so each
 * page is a compare-and-swap against an ETag read before its story and a slower publisher never
 * puts back an older take.
 */
async function draftPages(deps: RenderingDeps, ids: readonly string[], restore: boolean) {
  const heads = await mapLimit(ids, deps.concurrency ?? 8, (id) =>
    deps.feeds.head(storyPageKey(id)),
  );
  const stories = new Map((await deps.stories.getStories(ids)).map((story) => [story.id, story]));
  return ids.map((id, i) => draftOf(deps, id, stories.get(id), heads[i], restore));
}

/**
 * A story in its feeds at `now` has its page (rendered from the very item the feeds carry, so
 * sanitised the same way); a page whose story left every feed becomes a "withdrawn" page; a
 * story not yet visible gets none. Every visible page written is recorded, so a rebuild into an
 * empty store (`restore`) knows which stories had a page, and withdraws those no longer visible.
 */
function draftOf(
  deps: RenderingDeps,
  id: string,
  story: Story | undefined,
  current: StoredFileHead | undefined,
  restore: boolean,
): Draft {
  const ctx = { site: deps.site, feedBaseUrl: deps.feedBaseUrl };
  const visible = story !== undefined && isVisibleAt(story, deps.clock.now());
  if (visible) {
    const body = renderStoryPage(ctx, deps.renderer.item(deps.site, deps.feedBaseUrl, story));
    return { id, story, current, body, record: current?.contentHash !== contentHashOf(body) };
  }
  const body = current || restore ? renderWithdrawnPage(ctx) : undefined;
  return { id, story, current, ...(body === undefined ? {} : { body }), record: false };
}

async function writeDraft(deps: RenderingDeps, draft: Draft) {
  if (draft.body === undefined) return { written: [], unchanged: 0, story: draft.story };
  const key = storyPageKey(draft.id);
  const file = { key, contentType: HTML_CONTENT_TYPE, body: draft.body };
  const outcome = await writeChanged(deps.feeds, [file], new Map([[key, draft.current]]));
  return { ...outcome, story: draft.story };
}

/** One story's page on its own, tried again while another publisher's write wins the race. */
function publishPage(deps: RenderingDeps, id: string, restore: boolean) {
  return retryOnConflict(
    async (retries) => {
      const current = await deps.feeds.head(storyPageKey(id));
      const draft = draftOf(deps, id, await deps.stories.get(id), current, restore);
      if (draft.record) await deps.stories.recordStoryPages([id]);
      return { ...(await writeDraft(deps, draft)), retries };
    },
    { isLostRace: (error) => error instanceof PreconditionFailedError },
  );
}
