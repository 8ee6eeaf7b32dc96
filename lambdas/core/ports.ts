import type { StoredCredential } from './credentials/credential.js';
import type { FeedSelection, SharedReads } from './story/feed-selection.js';
import type { FeedRef, Story } from './story/story.js';

/** Time comes from a port so the core stays deterministic in tests. */
export interface Clock {
  now(): Date;
}

/** A killed story's trace in a feed it left, for Atom `at:deleted-entry` (RFC 6721). */
export interface Tombstone {
  readonly storyId: string;
  readonly deletedAt: string;
}

/**
 * Where stories and their feed entries live. `save` writes the story and exactly the entries of
 * the feeds it now belongs to (deleting those it left) atomically, and only if the stored story
 * is still `previous`; otherwise it throws ConcurrentWriteError and writes nothing.
 */
export interface StoryStore {
  get(id: string): Promise<Story | undefined>;
  /** The stories with these ids that exist, strongly consistent (in batches), in `ids` order. */
  getStories(ids: readonly string[]): Promise<Story[]>;
  /**
   * Stores a story whose id is new, as `save(story, undefined)` would. If a story is already
   * stored under the id, writes nothing and answers that one (a later `save` may name it as
   * `previous`), so a new story costs one request instead of a read and a write.
   */
  create(story: Story): Promise<Story | undefined>;
  save(story: Story, previous: Story | undefined): Promise<void>;
  /**
   * Newest first: the stories a feed selects that are visible at `now`, at most `limit`, and
   * only those newer than `after` (an archive cursor: what is older is in the archive).
   */
  listFeed(
    selection: FeedSelection | FeedRef,
    now: Date,
    limit: number,
    after?: string,
    shared?: SharedReads,
  ): Promise<Story[]>;
  /** Tombstones of stories killed out of the selected regions' feeds since `since`, newest first. */
  listTombstones(
    selection: FeedSelection | FeedRef,
    since: Date,
    shared?: SharedReads,
  ): Promise<Tombstone[]>;
  /** Scheduled changes (embargo lifts, expiries) whose instant is at or before `now`. */
  listDue(now: Date): Promise<DueChange[]>;
  /** Forgets scheduled changes once their feeds have been re-published. */
  clearDue(changes: readonly DueChange[]): Promise<void>;
}

/**
 * A feed's RFC 5005 archive: pages numbered 1, 2, … from the oldest, each the stories of one
 * span of feed dates (`after`, `through`]. Spans never change once a page is closed, so a page
 * is rewritten only when a story in its span changes, arrives late or leaves; the live feed
 * lists only what is newer than the newest page (the head's cursor).
 */
export interface ArchiveStore {
  getArchiveHead(feed: FeedRef): Promise<ArchiveHead>;
  /** The archive head and its writer's record of the live files, in one read (and no more). */
  getFeedHead(feed: FeedRef): Promise<FeedHead>;
  /**
   * Records the live files' state after a render, only if the record is still the one `read`
   * (from `getFeedHead`); otherwise another writer rendered the feed meanwhile and neither
   * knows the other's files, so the record is emptied instead: the next render asks the store.
   */
  recordLiveFiles(
    feed: FeedRef,
    files: ReadonlyMap<string, LiveFileState>,
    read: LiveRecord,
  ): Promise<void>;
  /** Empties the record (a render failed after some writes): the next render asks the store. */
  forgetLiveFiles(feed: FeedRef): Promise<void>;
  /**
   * Closes the next archive page: the oldest `size` stories the selection holds at `now` that
   * are newer than `head.cursor` (and, when `before` is given, older than that story), and
   * returns the new head, the page and its stories (newest first), or undefined when there is
   * nothing to archive. Only if the stored head is still `head`; otherwise it throws
   * ConcurrentWriteError and the caller starts over.
   */
  closeArchivePage(input: {
    readonly feed: FeedRef;
    readonly selection: FeedSelection;
    readonly head: ArchiveHead;
    readonly now: Date;
    readonly size: number;
    readonly before?: Story;
  }): Promise<{ head: ArchiveHead; page: ArchivePage; stories: Story[] } | undefined>;
  /** Whether `story`'s place in time is at or before the head's cursor: on a closed page. */
  isArchived(head: ArchiveHead, story: Story): boolean;
  /** The closed page of `feed` whose span holds `story`'s feed date, if any (else it is live). */
  archivePageHolding(feed: FeedRef, story: Story): Promise<ArchivePage | undefined>;
  /** The closed page of `feed` whose span ends at `through` (a page's `after`: the one before). */
  archivePageEndingAt(feed: FeedRef, through: string): Promise<ArchivePage | undefined>;
  /** Every closed page of `feed`, oldest first. */
  listArchivePages(feed: FeedRef): Promise<ArchivePage[]>;
  /** The stories the selection holds at `now` in the page's span, newest first. */
  listArchivePage(selection: FeedSelection, page: ArchivePage, now: Date): Promise<Story[]>;
  /** The pages a story was recorded on (it may have left some since): where a change must look. */
  archivePositions(storyId: string): Promise<ArchivePage[]>;
  /** Records that these stories are on `page`, for `archivePositions`. */
  recordArchivePositions(page: ArchivePage, storyIds: readonly string[]): Promise<void>;
  /** Records that stories' pages were published, so a rebuild restores them (or withdrawals). */
  recordStoryPages(storyIds: readonly string[]): Promise<void>;
  /** Every story whose page was ever published (recorded by `recordStoryPages`). */
  listStoryPages(): Promise<string[]>;
}

/** What ingest (and the publisher, for late copy) reads of the archives: where a story lies. */
export interface ArchiveSpans {
  /**
   * For each feed, in order: the closed page whose span holds `story`'s feed date, or undefined
   * when the story sorts after the feed's newest page (its live document lists it).
   */
  pagesHolding(feeds: readonly FeedRef[], story: Story): Promise<Array<ArchivePage | undefined>>;
}

export interface ArchiveHead {
  /** How many pages are closed; the newest is page `pages`. */
  readonly pages: number;
  /** Opaque: the end of the newest page's span; the live feed lists only what is newer. */
  readonly cursor?: string;
}

/** A feed's archive head, read together with its live record. */
export interface FeedHead {
  readonly archive: ArchiveHead;
  readonly live: LiveRecord;
}

/**
 * What the feed's writer last recorded of its live files (three formats and the view). The
 * writer is alone by design (one render per feed at a time), so it trusts this instead of
 * reading the store before each write; a key it does not list is unknown, to be asked of the
 * store (`FeedStore.head`).
 */
export interface LiveRecord {
  /** Opaque: which record was read, for `recordLiveFiles`'s condition; none when there is none. */
  readonly revision?: string;
  readonly files: ReadonlyMap<string, LiveFileState>;
}

/** One stored file as its writer knows it: enough to skip an unchanged write or to make one. */
export interface LiveFileState {
  readonly etag: string;
  /** `contentHashOf` its bytes: equal hashes mean equal bytes. */
  readonly contentHash: string;
  /** Its Last-Modified, or a later instant: the next change waits for a second past it. */
  readonly lastModified: Date;
}

/** A closed archive page: its number and its span of feed dates (opaque, adapter-made). */
export interface ArchivePage {
  readonly feed: FeedRef;
  readonly number: number;
  /** Exclusive start of the span (the previous page's `through`); none for page 1. */
  readonly after?: string;
  /** Inclusive end of the span. */
  readonly through: string;
}

/** An instant at which some feeds change by themselves: an embargo lifts or a story expires. */
export interface DueChange {
  readonly key: string;
  /** The story whose embargo lifts or which expires: its page appears or is withdrawn. */
  readonly storyId: string;
  readonly at: string;
  readonly feeds: readonly FeedRef[];
}

/** A rendered feed or page, as written to the feed store. */
export interface FeedFile {
  readonly key: string;
  readonly contentType: string;
  /** Text, written as UTF-8, or the UTF-8 bytes themselves (see `bytesOf`). */
  readonly body: string | Buffer;
}

export interface StoredFile {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
}

/**
 * The published files (S3 on AWS, a folder locally). `put` is a compare-and-swap: with
 * `ifMatch` it writes only if the stored ETag is still that one; with `ifMatch: null` only if
 * nothing is stored yet. A lost race throws PreconditionFailedError. Each change moves the
 * file's lastModified at least one whole second past `previousLastModified` (the one read or
 * recorded with the ETag), so If-Modified-Since never hides a change made within the same second.
 */
export interface FeedStore {
  get(key: string): Promise<StoredFile | undefined>;
  head(key: string): Promise<StoredFileHead | undefined>;
  put(file: FeedFile, options: PutOptions): Promise<PutResult>;
}

/** What a write stored: its ETag, and its Last-Modified or an instant at or after it. */
export interface PutResult {
  readonly etag: string;
  readonly lastModified: Date;
}

/** What `head` knows of a stored file without reading its body. */
export interface StoredFileHead {
  readonly etag: string;
  readonly lastModified: Date;
  /**
   * `contentHashOf` the stored bytes, when the store recorded it: equal hashes mean equal
   * bytes, so a publisher skips an unchanged write without reading the file back.
   */
  readonly contentHash?: string;
}

export interface PutOptions {
  readonly ifMatch: string | null;
  /** The previous version's Last-Modified, or an instant at or after it. */
  readonly previousLastModified?: Date;
  /** `contentHashOf` the body, when the writer has it: the store does not hash it again. */
  readonly contentHash?: string;
}

/**
 * Where named credentials live. Only a digest of each secret is ever stored. `create` never
 * replaces (AlreadyExistsError); `delete` answers whether there was one, and `get` then misses.
 */
export interface CredentialStore {
  get(name: string): Promise<StoredCredential | undefined>;
  create(credential: StoredCredential): Promise<void>;
  /** Every stored credential, by name. */
  list(): Promise<StoredCredential[]>;
  delete(name: string): Promise<boolean>;
}

/** A story page as the sitemaps list it: one per story whose page is live. */
export interface SitemapEntry {
  readonly storyId: string;
  /** The UTC day (`2026-12-05`) of the story's feed date: the day sitemap that lists it. */
  readonly day: string;
  /** The story's feed date (first publication or embargo lift), ISO 8601 UTC. */
  readonly published: string;
  /** The story's last update (never before `published`), ISO 8601 UTC: the URL's `lastmod`. */
  readonly lastmod: string;
  /** The headline, as plain text. */
  readonly title: string;
  /** The story's language (BCP 47), else the site's. */
  readonly language: string;
}

/**
 * What a story means to the sitemaps at one moment: its entry, or none (not yet visible, killed,
 * withheld, expired, deleted). `stamp` orders a story's states in time (a later take, kill, lift
 * or expiry is larger), so an older state never overwrites a newer one; `changedAt`: its start.
 */
export interface SitemapState {
  readonly storyId: string;
  readonly entry?: SitemapEntry;
  readonly stamp: string;
  readonly changedAt: string;
}

/** One day sitemap as the index lists it. */
export interface SitemapDay {
  readonly day: string;
  /** When a URL of the day was last added, updated or removed. */
  readonly lastmod: string;
  /** How many files the day takes (50,000 URLs or 50 MB each); 0 when it lists nothing. */
  readonly parts: number;
  /** The change token read before the listing these files render (none before tokens). */
  readonly covers?: string;
}

/** A day's files as last rendered (if ever), and its latest change token: behind if not covered. */
export interface SitemapDayStatus {
  readonly day: string;
  readonly files?: SitemapDay;
  readonly change?: string;
}

/** Which story pages the sitemaps list, by day: a sweep reads only the days that changed. */
export interface SitemapStore {
  /**
   * Records each story's state unless a newer one (larger stamp) is, and atomically with it a new
   * change token on each day whose listing changed; returns those days (entries', days left).
   */
  recordSitemapStates(states: readonly SitemapState[]): Promise<string[]>;
  /** The day's listed entries, and when the day last changed (undefined: never listed). */
  listSitemapDay(day: string): Promise<{ entries: SitemapEntry[]; lastmod?: string }>;
  /** Records a rendered day for the index, unless a record at least as new is stored. */
  recordSitemapDay(day: SitemapDay): Promise<void>;
  /** Every day that ever listed a URL or was marked, oldest first: one strongly consistent read. */
  listSitemapDays(): Promise<SitemapDayStatus[]>;
}

export type { DeliveryRecord, PartnerStore } from './credentials/partner-store.js';
