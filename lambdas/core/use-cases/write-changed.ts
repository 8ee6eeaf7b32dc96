import type { FeedFile, FeedStore, LiveFileState } from '../ports.js';
import { bytesOf, contentHashOf } from './content-hash.js';

/**
 * What a writer knows of a stored file before writing over it: from the store (`head`) or from
 * its own record. Without a `contentHash` the file counts as changed.
 */
export interface KnownFile {
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentHash?: string;
}

export interface WriteOutcome {
  readonly written: string[];
  readonly unchanged: number;
  /** Every file's state after the writes, in the order given: what a writer records. */
  readonly states: Map<string, LiveFileState>;
}

/**
 * Writes the files whose content hash differs from the one known, each by compare-and-swap
 * against the known ETag (none known: only if nothing is stored), all at once (a feed's formats
 * and view are independent files; on S3 one PUT after another would add up). Each body is
 * encoded and hashed once, here, and its bytes and hash handed to the store. If one write loses
 * its race the publish reads and renders again; files another write already made identical are
 * then skipped.
 */
export async function writeChanged(
  store: FeedStore,
  files: readonly FeedFile[],
  current: ReadonlyMap<string, KnownFile | undefined>,
): Promise<WriteOutcome> {
  // Encoded to UTF-8 once: the hash and the store take the same bytes.
  const hashed = files.map(({ body, ...rest }) => {
    const bytes = bytesOf(body);
    return { file: { ...rest, body: bytes }, hash: contentHashOf(bytes) };
  });
  const changed = hashed.filter(({ file, hash }) => current.get(file.key)?.contentHash !== hash);
  const results = await Promise.allSettled(
    changed.map(async ({ file, hash }) => {
      const stored = current.get(file.key);
      const put = await store.put(file, {
        ifMatch: stored?.etag ?? null,
        previousLastModified: stored?.lastModified,
        contentHash: hash,
      });
      return { etag: put.etag, lastModified: put.lastModified, contentHash: hash };
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const written = new Map(
    changed.map(({ file }, i) => [
      file.key,
      (results[i] as PromiseFulfilledResult<LiveFileState>).value,
    ]),
  );
  const states = new Map<string, LiveFileState>();
  for (const { file, hash } of hashed) {
    const known = current.get(file.key);
    const state =
      written.get(file.key) ??
      (known && { etag: known.etag, lastModified: known.lastModified, contentHash: hash });
    if (state) states.set(file.key, state);
  }
  return { written: [...written.keys()], unchanged: files.length - changed.length, states };
}
