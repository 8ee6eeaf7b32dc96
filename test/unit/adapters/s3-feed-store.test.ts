import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { S3FeedStore } from '../../../lambdas/adapters/s3/s3-feed-store.js';
import { PreconditionFailedError } from '../../../lambdas/core/errors.js';
import { contentHashOf } from '../../../lambdas/core/use-cases/content-hash.js';

// No S3 emulator runs on these machines: the SDK is mocked to check what we send and how
// S3's answers are mapped. The compare-and-swap semantics are S3's own.
const s3 = mockClient(S3Client);
// Unit files share a worker (no isolation): give S3Client back its real send.
afterAll(() => s3.restore());
const store = new S3FeedStore({
  client: new S3Client({ region: 'ca-central-1' }),
  bucket: 'feeds',
});

const rss = {
  key: 'feeds/okanagan/local.rss',
  contentType: 'application/rss+xml; charset=utf-8',
  body: '<rss>Café</rss>',
};

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

function body(text: string): GetObjectCommandOutput['Body'] {
  const bytes = new TextEncoder().encode(text);
  return { transformToByteArray: async () => bytes } as unknown as GetObjectCommandOutput['Body'];
}

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({ ETag: '"new-etag"' });
});

const sent = () => s3.commandCalls(PutObjectCommand)[0]?.args[0].input;

describe('S3FeedStore.put', () => {
  it('creates with If-None-Match: * and returns the new ETag', async () => {
    const result = await store.put(rss, { ifMatch: null });

    expect(result).toEqual({ etag: '"new-etag"', lastModified: expect.any(Date) });
    expect(sent()).toMatchObject({ Bucket: 'feeds', Key: rss.key, IfNoneMatch: '*' });
    expect(sent()?.IfMatch).toBeUndefined();
  });

  it('returns the time after S3 answered as the Last-Modified bound (PutObject gives none)', async () => {
    let answered = false;
    s3.on(PutObjectCommand).callsFake(() => {
      answered = true;
      return { ETag: '"new-etag"' };
    });
    const before = new Date('2026-11-25T20:00:00.900Z');
    const after = new Date('2026-11-25T20:00:01.100Z');
    const timed = new S3FeedStore({
      client: new S3Client({ region: 'ca-central-1' }),
      bucket: 'feeds',
      clock: { now: () => (answered ? after : before) },
    });

    const result = await timed.put(rss, { ifMatch: null });

    expect(result.lastModified).toEqual(after);
  });

  it('replaces with If-Match: <etag>', async () => {
    await store.put(rss, { ifMatch: '"old-etag"' });

    expect(sent()).toMatchObject({ IfMatch: '"old-etag"' });
    expect(sent()?.IfNoneMatch).toBeUndefined();
  });

  it('waits for the next whole second before replacing a file written this second', async () => {
    const waits: number[] = [];
    const now = new Date('2026-11-25T20:00:00.400Z');
    const timed = new S3FeedStore({
      client: new S3Client({ region: 'ca-central-1' }),
      bucket: 'feeds',
      clock: { now: () => now },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    await timed.put(rss, {
      ifMatch: '"old"',
      previousLastModified: new Date('2026-11-25T20:00:00Z'),
    });
    await timed.put(rss, {
      ifMatch: '"old"',
      previousLastModified: new Date('2026-11-25T19:59:58Z'),
    });

    // S3 stamps 20:00:01 or later (a 250 ms allowance for clock skew); an older file needs none.
    expect(waits).toEqual([850]);
  });

  it('sends the body as UTF-8 with its content type', async () => {
    await store.put(rss, { ifMatch: null });

    expect(Buffer.from(sent()?.Body as Buffer).toString('utf8')).toBe('<rss>Café</rss>');
    expect(sent()?.ContentType).toBe('application/rss+xml; charset=utf-8');
  });

  it('records the content hash of the body as object metadata', async () => {
    await store.put(rss, { ifMatch: null });

    expect(sent()?.Metadata).toEqual({ 'content-sha256': contentHashOf('<rss>Café</rss>') });
  });

  it('records the content hash the writer gives without hashing the body again', async () => {
    await store.put(rss, { ifMatch: null, contentHash: 'hash-from-the-writer' });

    expect(sent()?.Metadata).toEqual({ 'content-sha256': 'hash-from-the-writer' });
  });

  it.each([
    ['feeds/okanagan/local.rss', 'public, max-age=5, stale-if-error=60'],
    ['feeds/shuswap/wire.atom', 'public, max-age=5, stale-if-error=60'],
    ['feeds/shuswap/wire.json', 'public, max-age=5, stale-if-error=60'],
    ['feeds/shuswap/wire.html', 'public, max-age=5, stale-if-error=60'],
    ['pages/harbour-dredging.html', 'public, max-age=5, stale-if-error=60'],
    ['index.html', 'public, max-age=5, stale-if-error=60'],
    ['feeds.opml', 'public, max-age=5, stale-if-error=60'],
    ['feed.xsl', 'public, max-age=300'],
    ['page.css', 'public, max-age=300'],
  ])('sets Cache-Control on %s to %s', async (key, cacheControl) => {
    await store.put({ ...rss, key }, { ifMatch: null });

    expect(sent()?.CacheControl).toBe(cacheControl);
  });

  it('uses the cacheControl option when given', async () => {
    const custom = new S3FeedStore({
      client: new S3Client({ region: 'ca-central-1' }),
      bucket: 'feeds',
      cacheControl: (key) => `max-age=${key.length}`,
    });

    await custom.put({ ...rss, key: 'abc' }, { ifMatch: null });

    expect(sent()?.CacheControl).toBe('max-age=3');
  });

  it.each([
    ['412 PreconditionFailed', s3Error('PreconditionFailed', 412)],
    ['409 ConditionalRequestConflict', s3Error('ConditionalRequestConflict', 409)],
  ])('turns %s into PreconditionFailedError', async (_, error) => {
    s3.on(PutObjectCommand).rejects(error);

    await expect(store.put(rss, { ifMatch: '"old"' })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it('lets other S3 errors through unchanged', async () => {
    const denied = s3Error('AccessDenied', 403);
    s3.on(PutObjectCommand).rejects(denied);

    await expect(store.put(rss, { ifMatch: null })).rejects.toBe(denied);
  });
});

describe('S3FeedStore.get', () => {
  it('maps the object to a stored file', async () => {
    const lastModified = new Date('2026-04-05T06:07:08Z');
    s3.on(GetObjectCommand, { Bucket: 'feeds', Key: rss.key }).resolves({
      Body: body('<rss>Café</rss>'),
      ETag: '"abc"',
      LastModified: lastModified,
      ContentType: 'application/rss+xml; charset=utf-8',
    });

    const stored = await store.get(rss.key);

    expect(stored?.body.toString('utf8')).toBe('<rss>Café</rss>');
    expect(stored).toMatchObject({
      etag: '"abc"',
      lastModified,
      contentType: 'application/rss+xml; charset=utf-8',
    });
  });

  it('answers undefined for NoSuchKey', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));

    expect(await store.get(rss.key)).toBeUndefined();
  });

  it('lets other S3 errors through', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403));

    await expect(store.get(rss.key)).rejects.toThrow('AccessDenied');
  });
});

describe('S3FeedStore.head', () => {
  it('answers the ETag and the content hash recorded at write time', async () => {
    const lastModified = new Date('2026-04-05T06:07:08Z');
    s3.on(HeadObjectCommand, { Bucket: 'feeds', Key: rss.key }).resolves({
      ETag: '"abc"',
      LastModified: lastModified,
      Metadata: { 'content-sha256': contentHashOf(rss.body) },
    });

    expect(await store.head(rss.key)).toEqual({
      etag: '"abc"',
      lastModified,
      contentHash: contentHashOf(rss.body),
    });
  });

  it('answers no content hash for an object written without one', async () => {
    s3.on(HeadObjectCommand).resolves({ ETag: '"abc"', Metadata: {} });

    expect(await store.head(rss.key)).toMatchObject({ etag: '"abc"', contentHash: undefined });
  });

  it('answers undefined for a missing object', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'gone', $metadata: {} }));

    expect(await store.head(rss.key)).toBeUndefined();
  });

  it('lets other S3 errors through', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('AccessDenied', 403));

    await expect(store.head(rss.key)).rejects.toThrow('AccessDenied');
  });
});
