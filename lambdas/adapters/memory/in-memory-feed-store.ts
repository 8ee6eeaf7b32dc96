import type * as port from '../../core/ports.js';
import { bytesOf, contentHashOf } from '../../core/use-cases/content-hash.js';
import { checkIfMatch, etagOf } from '../etag.js';
import { nextLastModified } from '../last-modified.js';

/**
 * The FeedStore contract in a Map, for unit tests of use cases. The check and the write happen
 * in one synchronous step, so concurrent `put`s race exactly as the contract says.
 */
export class InMemoryFeedStore implements port.FeedStore {
  readonly #files = new Map<string, port.StoredFile>();
  readonly #clock: port.Clock;

  constructor(options: { clock?: port.Clock } = {}) {
    this.#clock = options.clock ?? { now: () => new Date() };
  }

  async get(key: string): Promise<port.StoredFile | undefined> {
    const file = this.#files.get(key);
    return file && { ...file, body: Buffer.from(file.body) };
  }

  async head(key: string): Promise<port.StoredFileHead | undefined> {
    const file = this.#files.get(key);
    return (
      file && {
        etag: file.etag,
        lastModified: file.lastModified,
        contentHash: contentHashOf(file.body),
      }
    );
  }

  async put(file: port.FeedFile, options: port.PutOptions): Promise<port.PutResult> {
    const current = this.#files.get(file.key);
    checkIfMatch(file.key, current, options);
    const body = bytesOf(file.body);
    const etag = etagOf(body, options.contentHash);
    const lastModified = nextLastModified(current?.lastModified, this.#clock.now());
    this.#files.set(file.key, { body, etag, lastModified, contentType: file.contentType });
    return { etag, lastModified };
  }

  /** The stored keys, sorted. */
  keys(): string[] {
    return [...this.#files.keys()].sort();
  }
}
