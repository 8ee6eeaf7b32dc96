import { FEED_FORMATS, feedKey, feedViewKey } from '../formats/feed-paths.js';
import type { FeedStore, LiveFileState, LiveRecord } from '../ports.js';
import type { FeedRef } from '../story/story.js';
import type { KnownFile } from './write-changed.js';

/** A feed's live files: its three formats and its HTML view. */
export function liveKeys(feed: FeedRef): string[] {
  return [
    ...FEED_FORMATS.map((format) => feedKey(feed.region, feed.channel, format)),
    feedViewKey(feed.region, feed.channel),
  ];
}

/** What the store holds under each key, by HEAD (ETag and content hash, never the body). */
export async function headAll(
  store: FeedStore,
  keys: readonly string[],
): Promise<Map<string, KnownFile | undefined>> {
  const heads = await Promise.all(keys.map((key) => store.head(key)));
  return new Map(keys.map((key, i) => [key, heads[i]]));
}

/** Whether the record knows every one of the keys (else the store is asked). */
export function recordCovers(record: LiveRecord, keys: readonly string[]): boolean {
  return keys.every((key) => record.files.has(key));
}

/** Whether `states` differ from the record (an ETag or a hash): then they are recorded. */
export function differsFromRecord(
  record: LiveRecord,
  states: ReadonlyMap<string, LiveFileState>,
): boolean {
  if (record.revision === undefined || states.size !== record.files.size) return true;
  for (const [key, state] of states) {
    const known = record.files.get(key);
    if (known?.etag !== state.etag || known.contentHash !== state.contentHash) return true;
  }
  return false;
}
