import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { cacheControlFor } from '../adapters/cache-control.js';
import type { FeedStore } from '../core/ports.js';

const gzipCache = new Map<string, Buffer>();

/**
 * Serves a published file as CloudFront would: strong ETag, Last-Modified, 304 on a matching
 * conditional GET, Cache-Control, and gzip when the client accepts it.
 */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  store: FeedStore,
  key: string,
): Promise<boolean> {
  const file = await store.get(key);
  if (!file) return false;
  const lastModified = new Date(Math.floor(file.lastModified.getTime() / 1000) * 1000);
  // Each change moves it a whole second forward, so after a burst of changes within one second
  // it can run a few seconds ahead of the clock: shown as it is, so that If-Modified-Since with
  // the latest value still answers 304, and one with an older value never does.
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  // Each representation gets its own strong ETag; either one validates a conditional GET.
  const etag = gzip ? file.etag.replace(/"$/, '-gzip"') : file.etag;
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    etag,
    'last-modified': lastModified.toUTCString(),
    'cache-control': cacheControlFor(key),
    // Feed URLs answer browser tabs with their HTML view (see browser-routing.ts).
    vary: 'Accept-Encoding, Accept, Sec-Fetch-Dest',
  };
  if (isNotModified(req, file.etag, lastModified)) {
    res.writeHead(304, headers).end();
    return true;
  }
  const body = gzip ? gzipped(file.etag, file.body) : file.body;
  res.writeHead(200, {
    ...headers,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(body.length),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
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
