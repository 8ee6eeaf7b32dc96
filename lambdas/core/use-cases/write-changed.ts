import type { FeedFile, FeedStore, StoredFile } from '../ports.js';
import { bytesOf } from './content-hash.js';

/**
 * Writes the files whose bytes differ from what is stored, each by compare-and-swap, all at once
 * (a feed's formats and view are independent files; on S3 one PUT after another would add up).
 * If one loses its race the publish reads and renders again; files another write already made
 * identical are then skipped.
 */
export async function writeChanged(
  store: FeedStore,
  files: readonly FeedFile[],
  current: ReadonlyMap<string, Pick<StoredFile, 'etag' | 'body' | 'lastModified'> | undefined>,
): Promise<{ written: string[]; unchanged: number }> {
  const changed = files.filter((file) => !current.get(file.key)?.body.equals(bytesOf(file.body)));
  const results = await Promise.allSettled(
    changed.map((file) => {
      const stored = current.get(file.key);
      return store.put(file, {
        ifMatch: stored?.etag ?? null,
        previousLastModified: stored?.lastModified,
      });
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { written: changed.map((file) => file.key), unchanged: files.length - changed.length };
}
