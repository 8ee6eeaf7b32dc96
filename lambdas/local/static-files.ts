import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { cacheControlFor } from '../adapters/cache-control.js';
import type { FeedStore } from '../core/ports.js';

const gzipCache = new Map<string, Buffer>();

/** What was answered: the status and the body bytes sent (0 for a 304 or a HEAD). */
export interface Served {
  readonly status: 200 | 304;
  readonly bytes: number;
}

/**
 * Serves a published file as CloudFront would: strong ETag, Last-Modified, 304 on a matching
 * conditional GET, Cache-Control, and gzip when the client accepts it. Undefined when there is
 * no such file (nothing was sent).
 */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  store: FeedStore,
  key: string,
): Promise<Served | undefined> {
  // A conditional GET (a feed reader polling) is answered from the file's head alone when the
  // reader's copy is current: no body is read for a 304, and a 200 is the only other answer.
  if (isConditional(req)) {
    const head = await store.head(key);
    if (!head) return undefined;
    const lastModified = wholeSeconds(head.lastModified);
    if (isNotModified(req, head.etag, lastModified)) {
      res.writeHead(304, validators(req, key, head.etag, lastModified)).end();
      return { status: 304, bytes: 0 };
    }
  }
  const file = await store.get(key);
  if (!file) return undefined;
  const gzip = acceptsGzip(req);
  const body = gzip ? gzipped(file.etag, file.body) : file.body;
  res.writeHead(200, {
    'content-type': file.contentType,
    ...validators(req, key, file.etag, wholeSeconds(file.lastModified)),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(body.length),
  });
  const head = req.method === 'HEAD';
  res.end(head ? undefined : body);
  return { status: 200, bytes: head ? 0 : body.length };
}

/**
 * Each change moves Last-Modified a whole second forward, so after a burst of changes within
 * one second it can run a few seconds ahead of the clock: shown as it is, so that
 * If-Modified-Since with the latest value still answers 304, and one with an older value never
 * does.
 */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

/** The headers a 200 and a 304 share. */
function validators(req: IncomingMessage, key: string, etag: string, lastModified: Date) {
  return {
    // Each representation gets its own strong ETag; either one validates a conditional GET.
    etag: acceptsGzip(req) ? etag.replace(/"$/, '-gzip"') : etag,
    'last-modified': lastModified.toUTCString(),
    'cache-control': cacheControlFor(key),
    // Feed URLs answer browser tabs with their HTML view (see browser-routing.ts).
    vary: 'Accept-Encoding, Accept, Sec-Fetch-Dest',
  };
}

function isConditional(req: IncomingMessage): boolean {
  return (
    req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined
  );
}

function isNotModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim();
      const plain = t.replace(/^W\//, '').replace(/-gzip"$/, '"');
      return t === '*' || plain === etag;
    });
  }
  const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}

function gzipped(etag: string, body: Buffer): Buffer {
  let zipped = gzipCache.get(etag);
  if (!zipped) {
    zipped = gzipSync(body);
    if (gzipCache.size > 500) gzipCache.clear();
    gzipCache.set(etag, zipped);
  }
  return zipped;
}
