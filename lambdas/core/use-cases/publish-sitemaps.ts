import { PreconditionFailedError } from '../errors.js';
import type {
  Clock,
  FeedFile,
  FeedStore,
  SitemapDay,
  SitemapDayStatus,
  SitemapStore,
} from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import type { Story } from '../story/story.js';
import { NEWS_WINDOW_MS, newsSitemapEntries, renderNewsSitemap } from '../web/news-sitemap.js';
import {
  daySitemapKey,
  NEWS_SITEMAP_KEY,
  renderDaySitemaps,
  renderSitemapIndex,
  SITEMAP_CONTENT_TYPE,
  SITEMAP_INDEX_KEY,
} from '../web/sitemap-xml.js';
import { mapLimit } from './map-limit.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { sitemapStateOf } from './sitemap-state.js';
import { writeChanged } from './write-changed.js';

export interface SitemapDeps {
  readonly stories: SitemapStore;
  readonly feeds: FeedStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  readonly feedBaseUrl: string;
}

/** A story as a page publish just read it (undefined: no longer stored). */
export interface SeenStory {
  readonly id: string;
  readonly story: Story | undefined;
}

const DAY_MS = 86_400_000;
const lostRace = { isLostRace: (error: unknown) => error instanceof PreconditionFailedError };

/**
 * Records what each story whose page was just published means to the sitemaps
 * (`sitemapStateOf`): the store marks every day whose listing changed (a kill removes its URL),
 * and the sitemap files follow at the next `publishSitemaps` (the minute sweep), so a burst of
 * stories rewrites them once, not once per story. Returns the days marked.
 */
export async function recordSitemapStates(
  deps: SitemapDeps,
  seen: readonly SeenStory[],
): Promise<string[]> {
  const now = deps.clock.now();
  const states = seen.map(({ id, story }) => sitemapStateOf(deps.site, id, story, now));
  return deps.stories.recordSitemapStates(states);
}

/**
 * Brings the sitemap files in line with the recorded states: rewrites the day sitemaps whose
 * change mark their files do not cover yet, the index when a day was rendered, and the News
 * sitemap when one of its two days was or a story in it has aged past 48 hours. With `restore`
 * (a rebuild) every day is rendered again. Each file is a compare-and-swap against the copy
 * read before its listing, so the last write rests on a listing made after every earlier write;
 * only files whose bytes changed are written. A day's mark is read before its listing, so a
 * change marked after it leaves the day behind for the next call: nothing is missed.
 */
export async function publishSitemaps(
  deps: SitemapDeps,
  options: { readonly restore?: boolean } = {},
): Promise<{ written: string[] }> {
  const restore = options.restore ?? false;
  const statuses = await deps.stories.listSitemapDays();
  const due = statuses
    .filter((status) => restore || (status.change !== undefined && isBehind(status)))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const days = new Set(due.map((status) => status.day));
  // The News sitemap reads the entries themselves, so it need not wait for the days and index.
  const [dated, news] = await Promise.all([
    (async () => {
      const dayFiles = await mapLimit(due, 4, (status) => publishDay(deps, status));
      const index = days.size > 0 || restore ? await publishIndex(deps) : [];
      return [...dayFiles.flat(), ...index];
    })(),
    publishNews(deps, days, restore),
  ]);
  return { written: [...dated, ...news] };
}

function isBehind(status: SitemapDayStatus): boolean {
  return status.files?.covers !== status.change;
}

/** The day's files; parts the day no longer fills (and a day left empty) become empty sets. */
async function publishDay(deps: SitemapDeps, status: SitemapDayStatus): Promise<string[]> {
  const { day } = status;
  const covers = status.change ?? status.files?.covers;
  const record = await retryOnConflict(async () => {
    const first = await deps.feeds.get(daySitemapKey(day));
    const { entries, lastmod } = await deps.stories.listSitemapDay(day);
    const bodies = renderDaySitemaps(entries, deps.feedBaseUrl);
    const current = new Map([[daySitemapKey(day), first]]);
    for (let part = 2; ; part++) {
      const stored = await deps.feeds.get(daySitemapKey(day, part));
      if (!stored && part > bodies.length) break;
      current.set(daySitemapKey(day, part), stored);
    }
    const empty = renderDaySitemaps([], deps.feedBaseUrl)[0] as string;
    const files = [...current.keys()].map((key, i) => sitemapFile(key, bodies[i] ?? empty));
    const { written } = await writeChanged(deps.feeds, files, current);
    const parts = entries.length === 0 ? 0 : bodies.length;
    const rendered: SitemapDay = { day, lastmod: lastmod ?? now(deps), parts };
    return { written, day: covers === undefined ? rendered : { ...rendered, covers } };
  }, lostRace);
  await deps.stories.recordSitemapDay(record.day);
  return record.written;
}

async function publishIndex(deps: SitemapDeps): Promise<string[]> {
  return retryOnConflict(async () => {
    const current = await deps.feeds.get(SITEMAP_INDEX_KEY);
    const days = (await deps.stories.listSitemapDays()).flatMap((status) => status.files ?? []);
    const file = sitemapFile(SITEMAP_INDEX_KEY, renderSitemapIndex(days, deps.feedBaseUrl));
    return (await writeChanged(deps.feeds, [file], new Map([[file.key, current]]))).written;
  }, lostRace);
}

/**
 * The News sitemap, from the days the last 48 hours touch. Left alone (one read of the file)
 * when none of them was rendered and nothing in it has aged out, so a quiet sweep costs little.
 */
async function publishNews(
  deps: SitemapDeps,
  changedDays: ReadonlySet<string>,
  restore: boolean,
): Promise<string[]> {
  return retryOnConflict(async () => {
    const at = deps.clock.now();
    const days = newsDays(at);
    const current = await deps.feeds.get(NEWS_SITEMAP_KEY);
    const touched = days.some((day) => changedDays.has(day));
    // A missing file is left to the rebuild (run at every deploy and local start) unless a day
    // of it changed: a sweep never races an operator emptying the bucket.
    const aged = current !== undefined && hasAgedOut(current.body.toString('utf8'), at);
    if (!restore && !touched && !aged) return [];
    const listed = await Promise.all(days.map((day) => deps.stories.listSitemapDay(day)));
    const entries = newsSitemapEntries(
      listed.flatMap((day) => day.entries),
      at,
    );
    const file = sitemapFile(
      NEWS_SITEMAP_KEY,
      renderNewsSitemap(deps.site, deps.feedBaseUrl, entries),
    );
    return (await writeChanged(deps.feeds, [file], new Map([[file.key, current]]))).written;
  }, lostRace);
}

/** The UTC days the 48 hours before `now` touch, oldest first (three at most). */
export function newsDays(now: Date): string[] {
  const days: string[] = [];
  const first = Date.parse(
    `${new Date(now.getTime() - NEWS_WINDOW_MS).toISOString().slice(0, 10)}T00:00:00.000Z`,
  );
  for (let t = first; t <= now.getTime(); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Whether a rendered News sitemap lists a story published 48 hours or more before `now`. */
function hasAgedOut(body: string, now: Date): boolean {
  const from = now.getTime() - NEWS_WINDOW_MS;
  for (const match of body.matchAll(/<news:publication_date>([^<]+)<\/news:publication_date>/g)) {
    if (Date.parse(match[1] as string) <= from) return true;
  }
  return false;
}

function sitemapFile(key: string, body: string): FeedFile & { body: string } {
  return { key, contentType: SITEMAP_CONTENT_TYPE, body };
}

function now(deps: SitemapDeps): string {
  return deps.clock.now().toISOString();
}
