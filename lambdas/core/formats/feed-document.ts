import { cleanLine } from '../content/clean-text.js';
import type { Tombstone } from '../ports.js';
import type { PartnerProfile, SiteConfig } from '../site-config.js';
import type { FeedRef, Story } from '../story/story.js';
import { datelineNamespace } from './dateline-extension.js';
import { latestOf, midnightOf, toInstant } from './dates.js';
import {
  absoluteUrl,
  type FeedAuthor,
  type FeedItem,
  feedInstantOf,
  toFeedItem,
} from './feed-item.js';
import { FEED_FORMATS, type FeedFormat, feedUrl, storyPageUrl } from './feed-paths.js';
import { feedTagUri, regionSchemeUri, storyTagUri } from './tag-uri.js';
import type { XmlStylesheet } from './xml.js';

export type { FeedAuthor, FeedImage, FeedItem } from './feed-item.js';

export interface FeedContext {
  readonly site: SiteConfig;
  /** Public base URL of the feed files; self links and stylesheets hang off it. */
  readonly feedBaseUrl: string;
  /** A concrete region slug, never `*`. */
  readonly feed: FeedRef;
  /** Only for the tombstone window; no rendered date ever comes from it. */
  readonly now: Date;
}

/** A killed story's trace: RFC 6721 `at:deleted-entry ref=… when=…`. */
export interface FeedTombstone {
  readonly ref: string;
  readonly when: string;
}

/**
 * One feed, format-neutral: everything the three renderers need and nothing they must compute,
 * so they stay pure and byte-for-byte deterministic. `updated` is derived from the content
 * (newest item update or tombstone), never from the clock, so an unchanged feed renders to
 * unchanged bytes and the publisher can skip the write.
 */
export interface FeedDocument {
  readonly feed: FeedRef;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** The site's time zone, for the times its HTML view shows (feeds carry UTC instants). */
  readonly timeZone: string;
  readonly homePageUrl: string;
  readonly feedUrls: Readonly<Record<FeedFormat, string>>;
  /**
   * CSS for the XML, for the rare browser shown the feed itself: browser tabs are routed to
   * the HTML view instead (no XSLT, which Chromium is removing).
   */
  readonly stylesheets: readonly XmlStylesheet[];
  /** Category scheme (Atom) / domain (RSS) that marks a category as a region. */
  readonly regionScheme: string;
  /** Where the `dl:`/`_dateline` fields are documented (the directory page). */
  readonly extensionAbout: string;
  /**
   * The XML namespace of the `dl:` fields, derived from the site's base URL; undefined when the
   * site does not carry them in RSS and Atom (`xmlExtension`).
   */
  readonly extensionNamespace?: string;
  readonly author: FeedAuthor;
  readonly generator: string;
  readonly updated: string;
  readonly hubUrl?: string;
  readonly iconUrl?: string;
  readonly logoUrl?: string;
  readonly copyright?: string;
  /** UTF-8 byte budget of each rendered file; the oldest items give way first. */
  readonly maxBytes: number;
  /** Newest first (feed date desc, then id), at most `itemsPerFeed`. */
  readonly items: readonly FeedItem[];
  /** Newest first, within the tombstone window, none for a listed item. */
  readonly tombstones: readonly FeedTombstone[];
  /** RFC 5005 `prev-archive` (JSON Feed `next_url`): the next older archive page. */
  readonly prevArchiveUrls?: Readonly<Record<FeedFormat, string>>;
  /** Only on an archive page with a newer one: that page (RFC 5005 `next-archive`). */
  readonly nextArchiveUrls?: Readonly<Record<FeedFormat, string>>;
  /** Only on an archive page: the live feed (RFC 5005 `current`). */
  readonly currentUrls?: Readonly<Record<FeedFormat, string>>;
  /**
   * A partner feed's profile (a custom feed's `profile`): its live RSS follows that partner's
   * rules (partner-rss.ts); absent on every reader feed.
   */
  readonly profile?: PartnerProfile;
}

/** How each channel is named in feed titles: "… — Okanagan: Local news". */
export const CHANNEL_LABELS = { local: 'Local news', wire: 'Wire' } as const;
/** The RSS/Atom `generator`; no version, so an upgrade alone never changes a feed's bytes. */
export const GENERATOR = 'Dateline';
const DAY_MS = 86_400_000;

/**
 * Builds the document for one feed. Stories may arrive in any order and with duplicates; they
 * are deduplicated by item id (highest version wins), sorted by feed date, newest first, with
 * the id as tie-break, and capped at `itemsPerFeed` before any body is sanitised. `itemOf` may
 * hand an item kept from an earlier render of the same story revision (see feed-renderer.ts).
 */
export function buildFeedDocument(
  ctx: FeedContext,
  stories: readonly Story[],
  tombstones: readonly Tombstone[],
  itemOf: (story: Story) => FeedItem = (story) => toLinkedItem(ctx.site, ctx.feedBaseUrl, story),
): FeedDocument {
  const { site, feed, feedBaseUrl } = ctx;
  const items = newestFirst(site, stories).slice(0, site.itemsPerFeed).map(itemOf);
  const kept = keptTombstones(ctx, tombstones, new Set(items.map((i) => i.id)));
  const title = cleanLine(`${site.title} — ${feedNameOf(site, feed)}`);
  const profile = site.customFeeds.find((c) => c.slug === feed.region)?.profile;
  return {
    feed,
    id: feedTagUri(site, feed),
    title,
    description: cleanLine(site.description) || title,
    language: site.language,
    timeZone: site.timeZone,
    homePageUrl: absoluteUrl(site.baseUrl) ?? site.baseUrl,
    feedUrls: Object.fromEntries(
      FEED_FORMATS.map((format) => [
        format,
        feedUrl(feedBaseUrl, feed.region, feed.channel, format),
      ]),
    ) as Record<FeedFormat, string>,
    stylesheets: [{ type: 'text/css', href: publicUrl(feedBaseUrl, 'feed.css') }],
    regionScheme: regionSchemeUri(site),
    extensionAbout: publicUrl(feedBaseUrl, '#dateline-extension'),
    ...(site.xmlExtension ? { extensionNamespace: datelineNamespace(site) } : {}),
    author: { name: cleanLine(site.title), url: absoluteUrl(site.baseUrl) },
    generator: GENERATOR,
    updated:
      latestOf([...items.map((i) => i.updated), ...kept.map((t) => t.when)]) ??
      midnightOf(site.tagDate),
    hubUrl: absoluteUrl(site.websubHub),
    iconUrl: absoluteUrl(site.iconUrl),
    logoUrl: absoluteUrl(site.logoUrl),
    copyright: cleanLine(site.copyright ?? '') || undefined,
    maxBytes: site.maxFeedBytes,
    items,
    tombstones: kept,
    ...(profile ? { profile } : {}),
  };
}

/** A feed's name: "Okanagan: Local news" for a region, the configured name for a custom feed. */
export function feedNameOf(site: SiteConfig, feed: FeedRef): string {
  const custom = site.customFeeds.find((c) => c.slug === feed.region);
  if (custom) return cleanLine(custom.name);
  const regionName = site.regions.find((r) => r.slug === feed.region)?.name ?? feed.region;
  return cleanLine(`${regionName}: ${CHANNEL_LABELS[feed.channel]}`);
}

/**
 * A story's item with its links: `pageUrl` is the story's page on the feed site, and `url` the
 * sender's page when given, otherwise that page, so every item of every format has a link.
 */
export function toLinkedItem(site: SiteConfig, feedBaseUrl: string, story: Story): FeedItem {
  const item = toFeedItem(site, story);
  const pageUrl = storyPageUrl(feedBaseUrl, story.id);
  return { ...item, url: item.url ?? pageUrl, pageUrl, storyId: story.id };
}

/** A file of the feed directory (stylesheets, index) under the public base URL. */
export function publicUrl(feedBaseUrl: string, path: string): string {
  return new URL(path, feedBaseUrl.endsWith('/') ? feedBaseUrl : `${feedBaseUrl}/`).href;
}

function newestFirst(site: SiteConfig, stories: readonly Story[]): Story[] {
  const byId = new Map<string, { story: Story; time: number }>();
  for (const story of stories) {
    const id = storyTagUri(site, story.id);
    const seen = byId.get(id);
    if (!seen || story.version > seen.story.version) {
      byId.set(id, { story, time: Date.parse(feedInstantOf(site, story)) });
    }
  }
  return [...byId.entries()]
    .sort(([idA, a], [idB, b]) => b.time - a.time || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .map(([, entry]) => entry.story);
}

/**
 * Tombstones deleted after `now − tombstoneDays`, one per story (the latest), none for a story
 * that is listed again, newest first, at most `itemsPerFeed` so a burst of kills cannot grow
 * the feed without bound.
 */
function keptTombstones(
  ctx: FeedContext,
  tombstones: readonly Tombstone[],
  listed: ReadonlySet<string>,
): FeedTombstone[] {
  const since = ctx.now.getTime() - ctx.site.tombstoneDays * DAY_MS;
  const latest = new Map<string, FeedTombstone>();
  for (const tombstone of tombstones) {
    const when = toInstant(tombstone.deletedAt);
    const ref = storyTagUri(ctx.site, tombstone.storyId);
    if (!when || Date.parse(when) <= since || listed.has(ref)) continue;
    const seen = latest.get(ref);
    if (!seen || Date.parse(when) > Date.parse(seen.when)) latest.set(ref, { ref, when });
  }
  return [...latest.values()]
    .sort((a, b) => Date.parse(b.when) - Date.parse(a.when) || (a.ref < b.ref ? -1 : 1))
    .slice(0, ctx.site.itemsPerFeed);
}
