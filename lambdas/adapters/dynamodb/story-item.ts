import type { ArchivePage, DueChange, Tombstone } from '../../core/ports.js';
import { foldCategory } from '../../core/story/feed-selection.js';
import { isAfter, isStorableTime, timeOf } from '../../core/story/instant.js';
import type { Channel, FeedRef, Story } from '../../core/story/story.js';
import { feedDateOf, feedRefsOf } from '../../core/story/story-rules.js';

/**
 * The key design, and the only file that knows it. One table holds:
 * - the story:      pk `story#<id>`               sk `story`
 * - feed entries:   pk `feed#<region|*>#<channel>` sk `<feed date ISO>#<id>` (newest = largest;
 *                   storyId, the story's revision)
 * - tombstones:     pk `tomb#<region|*>#<channel>` sk `<killed ISO>#<id>`
 * - due changes:    pk `due`                      sk `<instant ISO>#<id>#<embargo|expiry>`
 * - archive head:   pk `archhead#<feed>#<channel>` sk `pages` (pages, cursor = newest page's end)
 * - live files:     pk `archhead#<feed>#<channel>` sk `live` (revision, files: by key, each
 *                   etag, hash, at = Last-Modified bound in ms): what the feed's writer last
 *                   wrote, read with the head in one Query (sks `live` to `pages`)
 * - archive page:   pk `arch#<feed>#<channel>`     sk `<entry sk of the page's newest story>`
 *                   (number, through = sk, after = the previous page's through): a closed span
 * - story pages:    pk `archpages`                 sk `<id>`: every story whose page was published
 * - archive index:  pk `archived#<id>`             sk `<feed>#<channel>#<page's through>`
 *                   (region, channel, number, after, through): a page the story was put on
 * (`<feed>` is a region slug or a custom feed slug; archive items are never `*`. Items of the
 * earlier numbered-item archive — sk `head`, 10-digit sks — are ignored.)
 * - sitemap state:  pk `sitemap#story#<id>`       sk `state` (stamp, day, entry): what the
 *                   sitemaps last recorded of a story (sitemap-items.ts)
 * - sitemap entry:  pk `sitemap#day#<YYYY-MM-DD>`  sk `<id>` (listed, changedAt, the entry)
 * - sitemap days:   pk `sitemap#days`              sk `<YYYY-MM-DD>` (lastmod, parts, covers: the
 *                   change mark its files render) and sk `<YYYY-MM-DD>#changed` (change: a
 *                   token written with every change to the day's listing)
 * - credentials:    pk `credential`               sk `credential#<name>` (credential-item.ts)
 * A story bound for every region has one entry in the `*` partition of its channel, merged with
 * each region's own partition at render time, so its writes never grow with the region count.
 */
export const STORY_SK = 'story';
/** The partition of scheduled changes; the publisher may delete only here (see the stack). */
export const DUE_PARTITION = 'due';
/** Partition-key prefixes of the archive items: the publisher writes these and nothing else. */
export const ARCHIVE_PARTITION_PREFIXES = ['archhead#', 'arch#', 'archived#', 'archpages'] as const;
/** Partition-key prefix of the sitemap items: the publisher writes these besides the archive. */
export const SITEMAP_PARTITION_PREFIXES = ['sitemap#'] as const;
/** The partition that lists every story whose page was published (a rebuild restores them). */
export const STORY_PAGES_PARTITION = 'archpages';
/**
 * The partitions a story's save writes (the story, its feed entries and tombstones, its due
 * changes), as IAM `dynamodb:LeadingKeys` patterns: the ingest function may touch no other
 * (archives, archive heads and indexes stay the publisher's).
 */
/**
 * The archive partitions ingest may read (never write): feed heads and page spans, so an answer
 * can say which archive page late copy goes to.
 */
export const ARCHIVE_READ_PARTITIONS = ['archhead#*', 'arch#*'] as const;
export const STORY_WRITE_PARTITIONS = ['story#*', 'feed#*', 'tomb#*', DUE_PARTITION] as const;
const DAY_SECONDS = 86_400;

export type Key = { pk: string; sk: string };

export interface StoryItem extends Key {
  readonly kind: 'story';
  readonly story: Story;
  readonly version: number;
  /** Increments on every write: the optimistic lock that `save` conditions on. */
  readonly revision: number;
  /** The feeds (`region/channel`) the story is in; the publisher reads them from stream images. */
  readonly feeds: string[];
  readonly ttl?: number;
}

export function storyKey(id: string): Key {
  return { pk: `story#${id}`, sk: STORY_SK };
}

/** The story id of a story item's partition key, or undefined for any other item. */
export function storyIdOfKey(pk: string | undefined): string | undefined {
  return pk?.startsWith('story#') ? pk.slice('story#'.length) : undefined;
}

export function toStoryItem(story: Story, revision: number): StoryItem {
  return withTtl(
    {
      ...storyKey(story.id),
      kind: 'story' as const,
      story,
      version: story.version,
      revision,
      feeds: feedRefsOf(story).map(formatFeedRef),
    },
    story.expiresAt,
    DAY_SECONDS,
  );
}

export function entryPartition(ref: FeedRef): string {
  return `feed#${ref.region}#${ref.channel}`;
}

export function tombstonePartition(ref: FeedRef): string {
  return `tomb#${ref.region}#${ref.channel}`;
}

/** Where a story sorts in its feeds' entry partitions (and archive cursors). */
export function entrySortKey(story: Pick<Story, 'id' | 'publishedAt' | 'embargoUntil'>): string {
  return `${feedDateOf(story)}#${story.id}`;
}

/**
 * The feed-entry items of a story: lean pointers sorted by the story's feed date, with the
 * folded categories so a custom feed can skip entries without reading their stories, and the
 * revision of the story item they point at.
 */
export function toEntryItems(
  story: Story,
  revision?: number,
): Array<Key & Record<string, unknown>> {
  const sk = entrySortKey(story);
  const categories = [...new Set((story.categories ?? []).map(foldCategory))];
  return feedRefsOf(story).map((ref) =>
    withTtl(
      {
        pk: entryPartition(ref),
        sk,
        storyId: story.id,
        // The story item's revision, written in the same transaction: a reader that kept the
        // story at this revision need not read it again.
        revision,
        expiresAt: story.expiresAt,
        categories,
      },
      story.expiresAt,
      0,
    ),
  );
}

export function toTombstoneItem(
  ref: FeedRef,
  tombstone: Tombstone,
  keepDays: number,
): Key & Record<string, unknown> {
  const ttl = Math.floor(Date.parse(tombstone.deletedAt) / 1000) + keepDays * DAY_SECONDS;
  return {
    pk: tombstonePartition(ref),
    sk: `${tombstone.deletedAt}#${tombstone.storyId}`,
    ...tombstone,
    ttl,
  };
}

/** Due items for the instants after `now` at which the story's feeds change by themselves. */
export function toDueItems(story: Story, now: string): Array<Key & Record<string, unknown>> {
  const feeds = feedRefsOf(story).map(formatFeedRef);
  if (feeds.length === 0) return [];
  const instants: Array<[string | undefined, string]> = [
    [story.embargoUntil, 'embargo'],
    [story.expiresAt, 'expiry'],
  ];
  return instants
    .filter(
      (pair): pair is [string, string] =>
        pair[0] !== undefined && isStorableTime(timeOf(pair[0])) && isAfter(pair[0], now),
    )
    .map(([at, kind]) =>
      withTtl(
        { pk: DUE_PARTITION, sk: `${at}#${story.id}#${kind}`, at, feeds },
        at,
        7 * DAY_SECONDS,
      ),
    );
}

export function fromDueItem(item: Record<string, unknown>): DueChange {
  const sk = String(item.sk);
  return {
    key: sk,
    storyId: sk.split('#')[1] ?? '',
    at: String(item.at),
    feeds: (item.feeds as string[]).map(parseFeedRef),
  };
}

export function dueKey(change: DueChange): Key {
  return { pk: DUE_PARTITION, sk: change.key };
}

export function formatFeedRef(ref: FeedRef): string {
  return `${ref.region}/${ref.channel}`;
}

export function parseFeedRef(text: string): FeedRef {
  const [region = '', channel = ''] = text.split('/');
  return { region, channel: channel as Channel };
}

/** The sort keys of the head's partition a render reads (in order): the live record, the head. */
export const FEED_HEAD_SKS = ['live', 'pages'] as const;
const LIVE_FILES_SK = FEED_HEAD_SKS[0];

export function archiveHeadKey(feed: FeedRef): Key {
  return { pk: `archhead#${feed.region}#${feed.channel}`, sk: FEED_HEAD_SKS[1] };
}

/** The live-files record of a feed: in the head's partition, so one Query reads both. */
export function liveFilesKey(feed: FeedRef): Key {
  return { pk: archiveHeadKey(feed).pk, sk: LIVE_FILES_SK };
}

export function archivePagePartition(feed: FeedRef): string {
  return `arch#${feed.region}#${feed.channel}`;
}

/** A closed page, keyed by the end of its span: the first key at or past a story's is its page. */
export function archivePageKey(feed: FeedRef, through: string): Key {
  return { pk: archivePagePartition(feed), sk: through };
}

export function archiveIndexKey(storyId: string, feed: FeedRef, through: string): Key {
  return { pk: archiveIndexPartition(storyId), sk: `${feed.region}#${feed.channel}#${through}` };
}

export function archiveIndexPartition(storyId: string): string {
  return `archived#${storyId}`;
}

/** A closed page's item. */
export function archivePageItem(page: ArchivePage) {
  return {
    ...archivePageKey(page.feed, page.through),
    number: page.number,
    through: page.through,
    ...(page.after === undefined ? {} : { after: page.after }),
  };
}

/** The record that a story was put on a page (archivePositions). */
export function archivePositionItem(storyId: string, page: ArchivePage) {
  return {
    ...archiveIndexKey(storyId, page.feed, page.through),
    region: page.feed.region,
    channel: page.feed.channel,
    number: page.number,
    through: page.through,
    ...(page.after === undefined ? {} : { after: page.after }),
  };
}

/** The page an archive page or position item describes. */
export function archivePageOfItem(feed: FeedRef, item: Record<string, unknown>): ArchivePage {
  return {
    feed,
    number: Number(item.number),
    through: String(item.through),
    ...(typeof item.after === 'string' ? { after: item.after } : {}),
  };
}

/** Sort-key upper bound that includes every entry dated at or before `iso`. */
export function upTo(iso: string): string {
  return `${iso}#\uffff`;
}

function withTtl<T extends object>(item: T, at: string | undefined, graceSeconds: number): T {
  if (!at) return item;
  return { ...item, ttl: Math.floor(Date.parse(at) / 1000) + graceSeconds };
}

export function sitemapStateKey(storyId: string): Key {
  return { pk: `sitemap#story#${storyId}`, sk: 'state' };
}

export function sitemapDayPartition(day: string): string {
  return `sitemap#day#${day}`;
}

/** The partition of day records, one per day that ever listed a URL, and of their change marks. */
export const SITEMAP_DAYS_PARTITION = 'sitemap#days';
/** The sort-key suffix of a day's change mark (`<YYYY-MM-DD>#changed`) beside its record. */
export const SITEMAP_CHANGE_SUFFIX = '#changed';

/** A day's change mark: a new token with every change to the day's listing. */
export function sitemapChangeKey(day: string): Key {
  return { pk: SITEMAP_DAYS_PARTITION, sk: `${day}${SITEMAP_CHANGE_SUFFIX}` };
}
