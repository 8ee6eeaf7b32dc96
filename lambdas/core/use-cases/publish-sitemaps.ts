import { PreconditionFailedError } from '../errors.js';
import type { Clock, FeedFile, FeedStore, SitemapDay, SitemapStore } from '../ports.js';
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
 * Brings the sitemaps in line with the stories whose pages were just published: records each
 * story's state (`sitemapStateOf`), then rewrites only the day sitemaps whose listing changed
 * (a kill removes its URL), the index when a day changed, and the News sitemap when one of its
 * two days changed or a story in it has aged past 48 hours. With `restore` (a rebuild) every
 * day is rendered again. Each file is a compare-and-swap against the copy read before its
 * listing, so the last write rests on a listing made after every earlier write; only files
 * whose bytes changed are written.
 */
export async function publishSitemaps(
  deps: SitemapDeps,
  seen: readonly SeenStory[],
  options: { readonly restore?: boolean } = {},
): Promise<{ written: string[] }> {
  const now = deps.clock.now();
  const changed = await mapLimit(seen, 8, ({ id, story }) =>
    deps.stories.recordSitemapState(sitemapStateOf(deps.site, id, story, now)),
  );
  const days = new Set(changed.flat());
  if (options.restore) {
    for (const day of await deps.stories.listSitemapDays()) days.add(day.day);
  }
  // The News sitemap reads the entries themselves, so it need not wait for the days and index.
  const [dated, news] = await Promise.all([
    (async () => {
      const dayFiles = await mapLimit([...days].sort(), 4, (day) => publishDay(deps, day));
      const index = days.size > 0 || options.restore ? await publishIndex(deps) : [];
      return [...dayFiles.flat(), ...index];
    })(),
    publishNews(deps, days, options.restore ?? false),
  ]);
  return { written: [...dated, ...news] };
}

/** The day's files; parts the day no longer fills (and a day left empty) become empty sets. */
async function publishDay(deps: SitemapDeps, day: string): Promise<string[]> {
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
    return { written, day: { day, lastmod: lastmod ?? now(deps), parts } };
  }, lostRace);
  await deps.stories.recordSitemapDay(record.day);
  return record.written;
}

async function publishIndex(deps: SitemapDeps): Promise<string[]> {
  return retryOnConflict(async () => {
    const current = await deps.feeds.get(SITEMAP_INDEX_KEY);
    const days: SitemapDay[] = await deps.stories.listSitemapDays();
    const file = sitemapFile(SITEMAP_INDEX_KEY, renderSitemapIndex(days, deps.feedBaseUrl));
    return (await writeChanged(deps.feeds, [file], new Map([[file.key, current]]))).written;
  }, lostRace);
}

/**
 * The News sitemap, from the days the last 48 hours touch. Left alone (one read of the file)
 * when none of them changed and nothing in it has aged out, so the minute sweep costs little.
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
