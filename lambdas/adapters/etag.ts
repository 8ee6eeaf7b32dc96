import { PreconditionFailedError } from '../core/errors.js';
import type { PutOptions } from '../core/ports.js';
import { contentHashOf } from '../core/use-cases/content-hash.js';

/**
 * The ETag of a feed store that makes its own (a Map, a folder; S3 makes its own): the content
 * hash, quoted. It survives restarts, and the hash can be read back from it. `contentHash`, when
 * the writer gives it, is taken as `contentHashOf(body)` without hashing the body again.
 */
export function etagOf(body: Buffer, contentHash?: string): string {
  return `"${contentHash ?? contentHashOf(body)}"`;
}

/**
 * The compare-and-swap of `FeedStore.put`, for a store that checks it itself: throws
 * PreconditionFailedError unless the stored file is the one the writer read (`ifMatch`, its
 * ETag) or, for `ifMatch: null`, there is none.
 */
export function checkIfMatch(
  key: string,
  current: { readonly etag: string } | undefined,
  options: PutOptions,
): void {
  const matches = options.ifMatch === null ? !current : current?.etag === options.ifMatch;
  if (!matches) throw new PreconditionFailedError(key);
}
