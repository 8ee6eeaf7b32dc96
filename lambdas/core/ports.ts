import type { StoredCredential } from './credentials/credential.js';
import type { FeedRef, Story } from './story.js';

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
  save(story: Story, previous: Story | undefined): Promise<void>;
  /** Newest first: the stories of one concrete feed that are visible at `now`, at most `limit`. */
  listFeed(feed: FeedRef, now: Date, limit: number): Promise<Story[]>;
  /** Tombstones of stories killed out of `feed` since `since`, newest first. */
  listTombstones(feed: FeedRef, since: Date): Promise<Tombstone[]>;
  /** Scheduled changes (embargo lifts, expiries) whose instant is at or before `now`. */
  listDue(now: Date): Promise<DueChange[]>;
  /** Forgets scheduled changes once their feeds have been re-published. */
  clearDue(changes: readonly DueChange[]): Promise<void>;
}

/** An instant at which some feeds change by themselves: an embargo lifts or a story expires. */
export interface DueChange {
  readonly key: string;
  readonly at: string;
  readonly feeds: readonly FeedRef[];
}

/** A rendered feed or page, as written to the feed store. */
export interface FeedFile {
  readonly key: string;
  readonly contentType: string;
  readonly body: string;
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
  put(file: FeedFile, options: PutOptions): Promise<{ etag: string }>;
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
