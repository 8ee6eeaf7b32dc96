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
  // The store may date a change up to a few seconds ahead (a second per change); HTTP forbids a
  // Last-Modified after the response's Date, so show at most now. 304s compare the real one.
  const shown = new Date(Math.min(lastModified.getTime(), Math.floor(Date.now() / 1000) * 1000));
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  // Each representation gets its own strong ETag; either one validates a conditional GET.
  const etag = gzip ? file.etag.replace(/"$/, '-gzip"') : file.etag;
  const headers: Record<string, string> = {
    'content-type': contentTypeFor(req, file.contentType),
    etag,
    'last-modified': shown.toUTCString(),
    'cache-control': cacheControlFor(key),
    vary: 'Accept-Encoding, Sec-Fetch-Dest',
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

/**
 * Browsers show `application/rss+xml` and `application/atom+xml` as raw text and never apply
 * the stylesheet, so a page navigation (`Sec-Fetch-Dest: document`) gets the same bytes as
 * `application/xml`; feed readers keep the registered types.
 */
export function contentTypeFor(req: IncomingMessage, stored: string): string {
  const isFeedXml = /^application\/(rss|atom)\+xml/.test(stored);
  return isFeedXml && req.headers['sec-fetch-dest'] === 'document'
    ? 'application/xml; charset=utf-8'
    : stored;
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
