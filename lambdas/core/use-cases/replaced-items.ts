import type { FeedDocument } from '../formats/feed-document.js';
import { feedKey } from '../formats/feed-paths.js';
import { type ItemChange, itemChanges } from '../formats/item-changes.js';
import type { FeedFile, FeedStore } from '../ports.js';
import type { FeedRef } from '../story/story.js';
import { contentHashOf } from './content-hash.js';
import type { KnownFile } from './write-changed.js';

/** The items one feed's render changed (see `itemChanges`); never empty. */
export interface FeedItemChanges {
  readonly feed: FeedRef;
  readonly items: readonly ItemChange[];
}

/**
 * Partner push: the JSON Feed a render is about to replace, read (one GET) only when its bytes
 * change, and only if it is the very version the compare-and-swap write is made against.
 */
export async function replacedJson(
  store: FeedStore,
  feed: FeedRef,
  files: readonly FeedFile[],
  current: ReadonlyMap<string, KnownFile | undefined>,
): Promise<Buffer | undefined> {
  const key = feedKey(feed.region, feed.channel, 'json');
  const next = files.find((file) => file.key === key);
  const known = current.get(key);
  if (!next || !known || known.contentHash === contentHashOf(next.body)) return undefined;
  const stored = await store.get(key);
  return stored?.etag === known.etag ? stored.body : undefined;
}

/** What the written JSON Feed gained or lost, against the bytes it replaced. */
export function changesOf(
  feed: FeedRef,
  doc: FeedDocument,
  before: Buffer,
  written: readonly string[],
): FeedItemChanges[] {
  if (!written.includes(feedKey(feed.region, feed.channel, 'json'))) return [];
  const items = itemChanges(before, doc);
  return items.length > 0 ? [{ feed, items }] : [];
}
