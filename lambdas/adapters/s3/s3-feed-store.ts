import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { PreconditionFailedError } from '../../core/errors.js';
import type {
  Clock,
  FeedFile,
  FeedStore,
  PutOptions,
  PutResult,
  StoredFile,
  StoredFileHead,
} from '../../core/ports.js';
import { bytesOf, contentHashOf } from '../../core/use-cases/content-hash.js';
import { cacheControlFor } from '../cache-control.js';

export interface S3FeedStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** The Cache-Control header per key; @default cacheControlFor (every document 5 s, stylesheets 300 s) */
  readonly cacheControl?: (key: string) => string;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** User metadata (`x-amz-meta-content-sha256`) holding `contentHashOf` the body. */
const HASH_METADATA = 'content-sha256';

/** Allowance for the difference between our clock and S3's when waiting for the next second. */
const CLOCK_SKEW_MS = 250;

/** Error names S3 uses when a conditional write loses (412) or races another one (409). */
const LOST_RACE = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

/**
 * The FeedStore contract on S3 with conditional writes: `If-Match: <etag>` to replace what was
 * read, `If-None-Match: *` to create. S3 refuses a lost race, so no stale render can land.
 */
export class S3FeedStore implements FeedStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #cacheControl: (key: string) => string;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: S3FeedStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#cacheControl = options.cacheControl ?? cacheControlFor;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  async get(key: string): Promise<StoredFile | undefined> {
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      if (!output.Body || !output.ETag)
        throw new Error(`S3 returned ${key} without a body or ETag`);
      return {
        body: Buffer.from(await output.Body.transformToByteArray()),
        etag: output.ETag,
        lastModified: output.LastModified ?? new Date(0),
        contentType: output.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (error instanceof NoSuchKey || isS3Error(error, 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  /** HeadObject: the ETag and the content hash recorded at write time, without the body. */
  async head(key: string): Promise<StoredFileHead | undefined> {
    try {
      const output = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      if (!output.ETag) throw new Error(`S3 returned ${key} without an ETag`);
      return {
        etag: output.ETag,
        lastModified: output.LastModified ?? new Date(0),
        contentHash: output.Metadata?.[HASH_METADATA],
      };
    } catch (error) {
      if (error instanceof NotFound || isS3Error(error, 'NotFound')) return undefined;
      throw error;
    }
  }

  /**
   * PutObject does not answer the Last-Modified S3 gave the object: the time after it answered
   * is returned instead, an upper bound the next change safely waits past.
   */
  async put(file: FeedFile, options: PutOptions): Promise<PutResult> {
    await this.#untilNextSecond(options.previousLastModified);
    const body = bytesOf(file.body);
    try {
      const output = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: file.key,
          Body: body,
          ContentType: file.contentType,
          Metadata: { [HASH_METADATA]: options.contentHash ?? contentHashOf(body) },
          CacheControl: this.#cacheControl(file.key),
          ...(options.ifMatch === null ? { IfNoneMatch: '*' } : { IfMatch: options.ifMatch }),
        }),
      );
      if (!output.ETag) throw new Error(`S3 stored ${file.key} but returned no ETag`);
      return { etag: output.ETag, lastModified: this.#clock.now() };
    } catch (error) {
      if (isLostRace(error)) throw new PreconditionFailedError(file.key);
      throw error;
    }
  }

  /**
   * S3 stamps Last-Modified itself, to the second: a change written in the same second as the
   * previous one would carry the same date. Waiting for the next second (at most ~1.25 s, only
   * when two changes come that close) makes every change move Last-Modified forward.
   */
  async #untilNextSecond(previous: Date | undefined): Promise<void> {
    if (!previous) return;
    const next = Math.floor(previous.getTime() / 1000) * 1000 + 1000 + CLOCK_SKEW_MS;
    const wait = next - this.#clock.now().getTime();
    if (wait > 0) await this.#sleep(Math.min(wait, 1000 + CLOCK_SKEW_MS));
  }
}

function isLostRace(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return LOST_RACE.has(error.name) || error.$metadata.httpStatusCode === 412;
}

function isS3Error(error: unknown, name: string): boolean {
  return error instanceof S3ServiceException && error.name === name;
}
