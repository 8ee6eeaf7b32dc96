import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { contentHashOf } from '../../core/content-hash.js';
import { PreconditionFailedError } from '../../core/errors.js';
import type { FeedFile, FeedStore, StoredFile, StoredFileHead } from '../../core/ports.js';

export interface S3FeedStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** The Cache-Control header per key; @default feeds 60 s (+ stale-while-revalidate), pages 300 s */
  readonly cacheControl?: (key: string) => string;
}

/** User metadata (`x-amz-meta-content-sha256`) holding `contentHashOf` the body. */
const HASH_METADATA = 'content-sha256';

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

  constructor(options: S3FeedStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#cacheControl = options.cacheControl ?? defaultCacheControl;
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
      return { etag: output.ETag, contentHash: output.Metadata?.[HASH_METADATA] };
    } catch (error) {
      if (error instanceof NotFound || isS3Error(error, 'NotFound')) return undefined;
      throw error;
    }
  }

  async put(file: FeedFile, options: { ifMatch: string | null }): Promise<{ etag: string }> {
    const body = Buffer.from(file.body, 'utf8');
    try {
      const output = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: file.key,
          Body: body,
          ContentType: file.contentType,
          Metadata: { [HASH_METADATA]: contentHashOf(body) },
          CacheControl: this.#cacheControl(file.key),
          ...(options.ifMatch === null ? { IfNoneMatch: '*' } : { IfMatch: options.ifMatch }),
        }),
      );
      if (!output.ETag) throw new Error(`S3 stored ${file.key} but returned no ETag`);
      return { etag: output.ETag };
    } catch (error) {
      if (isLostRace(error)) throw new PreconditionFailedError(file.key);
      throw error;
    }
  }
}

function defaultCacheControl(key: string): string {
  return /\.(rss|atom|json)$/.test(key)
    ? 'public, max-age=60, stale-while-revalidate=300'
    : 'public, max-age=300';
}

function isLostRace(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return LOST_RACE.has(error.name) || error.$metadata.httpStatusCode === 412;
}

function isS3Error(error: unknown, name: string): boolean {
  return error instanceof S3ServiceException && error.name === name;
}
