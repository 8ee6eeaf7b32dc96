import type { StoredCredential } from './credentials/credential.js';
import type { FeedSelection } from './story/feed-selection.js';
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
  ): Promise<Story[]>;
  /** Tombstones of stories killed out of the selected regions' feeds since `since`, newest first. */
  listTombstones(selection: FeedSelection | FeedRef, since: Date): Promise<Tombstone[]>;
  /** Scheduled changes (embargo lifts, expiries) whose instant is at or before `now`. */
  listDue(now: Date): Promise<DueChange[]>;
  /** Forgets scheduled changes once their feeds have been re-published. */
  clearDue(changes: readonly DueChange[]): Promise<void>;
}

/**
 * A feed's RFC 5005 archive: items numbered 1, 2, … from the oldest, in pages of a fixed size,
 * so appending never renumbers anything and a full page never changes but for a story on it.
 */
export interface ArchiveStore {
  getArchiveHead(feed: FeedRef): Promise<ArchiveHead>;
  /**
   * Appends to `feed`'s archive, oldest first, every story the selection holds at `now` that is
   * newer than `head.cursor` and older than `before` (the oldest story the feed keeps), and
   * returns the new head. Only if the stored head is still `head`; otherwise it throws
   * ConcurrentWriteError and the caller starts over.
   */
  archiveOlder(input: {
    readonly feed: FeedRef;
    readonly selection: FeedSelection;
    readonly head: ArchiveHead;
    readonly before: Story;
    readonly now: Date;
  }): Promise<ArchiveHead>;
  /** The archived stories numbered `first` to `last` (inclusive), in number order. */
  listArchive(feed: FeedRef, first: number, last: number): Promise<Story[]>;
  /** Where a story sits in archives: one number per feed whose archive holds it. */
  archivePositions(storyId: string): Promise<ArchivePosition[]>;
}

export interface ArchiveHead {
  /** How many items were ever archived; the newest archive page is ceil(count / page size). */
  readonly count: number;
  /** Opaque: the newest entry archived so far; the live feed lists only what is newer. */
  readonly cursor?: string;
}

export interface ArchivePosition {
  readonly feed: FeedRef;
  readonly number: number;
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
 * file's lastModified at least one whole second past `previousLastModified` (the one read with
 * the ETag), so If-Modified-Since never hides a change made within the same second.
 */
export interface FeedStore {
  get(key: string): Promise<StoredFile | undefined>;
  head(key: string): Promise<StoredFileHead | undefined>;
  put(file: FeedFile, options: PutOptions): Promise<{ etag: string }>;
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
  readonly previousLastModified?: Date;
}

/**
 * Where named credentials live (the same table as stories on AWS and locally). Only a digest of
 * each secret is ever stored. `create` never replaces: an existing name is AlreadyExistsError.
 * `delete` answers whether there was one; after it resolves, `get` no longer finds it.
 */
export interface CredentialStore {
  get(name: string): Promise<StoredCredential | undefined>;
  create(credential: StoredCredential): Promise<void>;
  /** Every stored credential, by name. */
  list(): Promise<StoredCredential[]>;
  delete(name: string): Promise<boolean>;
}
