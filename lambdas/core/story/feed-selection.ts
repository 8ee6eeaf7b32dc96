import type { SiteConfig } from '../site-config.js';
import type { Channel, FeedRef, Story } from './story.js';
import { CHANNELS, expandFeedRefs } from './story-rules.js';

/**
 * Which stories a concrete feed holds: those of `channel` listed in any of `regions` (or in
 * every region), and, when `categories` is set, filed under at least one of them (compared
 * without regard to case). A region feed selects its one region; a custom feed from the
 * configuration selects several, and may narrow them by category.
 */
export interface FeedSelection {
  readonly regions: readonly string[];
  readonly channel: Channel;
  readonly categories?: readonly string[];
}

/** The selection behind a concrete feed (a region slug or a custom feed slug). */
export function selectionOf(site: SiteConfig, feed: FeedRef): FeedSelection {
  const custom = site.customFeeds.find((c) => c.slug === feed.region);
  if (!custom) return { regions: [feed.region], channel: feed.channel };
  return {
    regions: custom.regions,
    channel: custom.channel,
    categories: custom.categories?.map(foldCategory),
  };
}

/** True if `story` belongs in the feed `selection` describes (visibility aside). */
export function matchesSelection(story: Story, selection: FeedSelection): boolean {
  if (story.channel !== selection.channel) return false;
  if (!story.regions.some((r) => r === '*' || selection.regions.includes(r))) return false;
  if (!selection.categories) return true;
  const wanted = new Set(selection.categories.map(foldCategory));
  return (story.categories ?? []).some((c) => wanted.has(foldCategory(c)));
}

/** Categories compare case-insensitively and without surrounding space. */
export function foldCategory(category: string): string {
  return category.trim().toLowerCase();
}

/**
 * Every concrete feed that changes when stories in `refs` change: the region feeds (`*`
 * expanded to every region) and each custom feed of the same channel that selects one of them.
 */
export function concreteFeeds(site: SiteConfig, refs: Iterable<FeedRef>): FeedRef[] {
  const regions = site.regions.map((r) => r.slug);
  const list = [...refs];
  const regional = expandFeedRefs(list, regions).filter((f) => regions.includes(f.region));
  const custom = site.customFeeds
    .filter((c) =>
      list.some(
        (ref) =>
          ref.channel === c.channel && (ref.region === '*' || c.regions.includes(ref.region)),
      ),
    )
    .map((c) => ({ region: c.slug, channel: c.channel }));
  return [...regional, ...custom];
}

/** Every feed the site publishes, in configuration order: regions × channels, then custom feeds. */
export function allFeeds(site: SiteConfig): FeedRef[] {
  return [
    ...site.regions.flatMap((r) => CHANNELS.map((channel) => ({ region: r.slug, channel }))),
    ...site.customFeeds.map((c) => ({ region: c.slug, channel: c.channel })),
  ];
}

/**
 * Listings made with one `SharedReads` read what they have in common once (every regional wire
 * feed lists the same every-region stories): the store keeps its reads in `reads`. Make one for
 * a batch of renders that all begin when it is made, so each shared read is made after every
 * one of them began; never reuse it for a retry.
 */
export interface SharedReads {
  readonly reads: Map<string, Promise<unknown>>;
}
