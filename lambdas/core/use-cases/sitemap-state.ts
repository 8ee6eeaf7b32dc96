import { latestOf, toInstant } from '../formats/dates.js';
import type { SitemapEntry, SitemapState } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import type { Story } from '../story/story.js';
import { feedDateOf, isListable, isVisibleAt } from '../story/story-rules.js';

/**
 * What a story means to the sitemaps at `now` (see `SitemapState`). Its stamp is the story's
 * last change (a take, a kill, a release) and then its phase in time, which only moves forward
 * for one take: `0` not yet out, `1` visible, `2` expired; `9` killed or withheld (a kill in the
 * very millisecond of the take it kills still wins). A stamp is
 * fixed-width text, so later states sort after earlier ones. A story no longer stored (its TTL
 * passed) is stamped `now`: later than anything it was, earlier than any take that revives it.
 */
export function sitemapStateOf(
  site: SiteConfig,
  storyId: string,
  story: Story | undefined,
  now: Date,
): SitemapState {
  const nowIso = now.toISOString();
  if (!story) return { storyId, stamp: `${nowIso}#0`, changedAt: nowIso };
  const base =
    latestOf(
      [story.receivedAt, story.killedAt, story.releasedAt]
        .map((instant) => (instant === undefined ? undefined : toInstant(instant)))
        .filter((instant): instant is string => instant !== undefined),
    ) ?? nowIso;
  const published = toInstant(feedDateOf(story));
  const expires = toInstant(story.expiresAt);
  if (isVisibleAt(story, now) && published) {
    return {
      storyId,
      stamp: `${base}#1`,
      changedAt: latestOf([base, published]) ?? base,
      entry: entryOf(site, story, published),
    };
  }
  if (!isListable(story)) return { storyId, stamp: `${base}#9`, changedAt: base };
  const expired = expires !== undefined && Date.parse(expires) <= now.getTime();
  return expired
    ? { storyId, stamp: `${base}#2`, changedAt: latestOf([base, expires]) ?? base }
    : { storyId, stamp: `${base}#0`, changedAt: base };
}

function entryOf(site: SiteConfig, story: Story, published: string): SitemapEntry {
  const updated = toInstant(story.updatedAt);
  return {
    storyId: story.id,
    day: published.slice(0, 10),
    published,
    lastmod: latestOf(updated ? [published, updated] : [published]) ?? published,
    title: story.headline,
    language: story.language ?? site.language,
  };
}
