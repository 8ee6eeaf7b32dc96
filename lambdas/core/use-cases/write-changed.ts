import { bytesOf } from '../content-hash.js';
import type { FeedFile, FeedStore, StoredFile } from '../ports.js';

/** Writes the files whose bytes differ from what is stored, each by compare-and-swap. */
export async function writeChanged(
  store: FeedStore,
  files: readonly FeedFile[],
  current: ReadonlyMap<string, Pick<StoredFile, 'etag' | 'body' | 'lastModified'> | undefined>,
): Promise<{ written: string[]; unchanged: number }> {
  const written: string[] = [];
  let unchanged = 0;
  for (const file of files) {
    const stored = current.get(file.key);
    if (stored?.body.equals(bytesOf(file.body))) {
      unchanged++;
      continue;
    }
    await store.put(file, {
      ifMatch: stored?.etag ?? null,
      previousLastModified: stored?.lastModified,
    });
    written.push(file.key);
  }
  return { written, unchanged };
}
