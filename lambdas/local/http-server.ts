import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorResponse } from '../adapters/http/error-response.js';
import { HttpError } from '../adapters/http/http-error.js';
import { MAX_BODY_BYTES } from '../adapters/http/request.js';
import type { HttpResult } from '../adapters/http/responses.js';
import type { FeedStore } from '../core/ports.js';
import type { FetchRecord } from '../core/use-cases/audience/audience-tally.js';
import { matchRoute, toApiEvent } from './api-event.js';
import { routedKey } from './browser-routing.js';
import { serveFile } from './static-files.js';

export interface LocalServerDeps {
  /** The very same ingest handler the Lambda runs. */
  readonly ingest: (event: APIGatewayProxyEventV2) => Promise<HttpResult>;
  readonly feeds: FeedStore;
  readonly isReady: () => boolean;
  /** The ingest API's OpenAPI document, served at `GET /openapi.json`. */
  readonly openApi: () => unknown;
  /** Told of each file answered (after it is sent): the audience counting. @default none */
  readonly audience?: { record(request: Omit<FetchRecord, 'at'>): void };
}

const STATIC_KEYS: Record<string, string> = { '/': 'index.html', '/index.html': 'index.html' };

/** One HTTP server: the ingest API (as API Gateway would call the Lambda) and the feed files. */
export function createLocalServer(deps: LocalServerDeps): Server {
  return createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      send(res, errorResponse(error, { requestId: 'local', appEnv: 'local' }));
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: LocalServerDeps) {
  // The request target is a path: `//x` is not a host (new URL would read it as one, or throw).
  const target = req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`;
  const url = new URL(`http://localhost${target}`);
  const method = req.method ?? 'GET';
  if (url.pathname === '/healthz') {
    const ready = deps.isReady();
    return send(res, json(ready ? 200 : 503, { status: ready ? 'ok' : 'starting' }));
  }
  if (url.pathname === '/openapi.json' && (method === 'GET' || method === 'HEAD')) {
    return send(res, json(200, deps.openApi()));
  }
  const match = matchRoute(method, url.pathname);
  if (match && 'routeKey' in match) {
    const body = await readBody(req);
    if (!body) {
      const tooLarge = new HttpError(
        413,
        'payload_too_large',
        `the request body is over ${MAX_BODY_BYTES} bytes`,
      );
      return send(res, errorResponse(tooLarge, { requestId: 'local', appEnv: 'local' }), {
        connection: 'close',
      });
    }
    return send(res, await deps.ingest(toApiEvent(req, url, match, body)));
  }
  if (match) {
    const error = new HttpError(
      405,
      'method_not_allowed',
      `${method} is not allowed on ${url.pathname}`,
      {
        headers: { allow: match.methods.join(', ') },
      },
    );
    return send(res, errorResponse(error, { requestId: 'local', appEnv: 'local' }));
  }
  if (method === 'GET' || method === 'HEAD') {
    const key = routedKey(STATIC_KEYS[url.pathname] ?? decodePath(url.pathname), req.headers);
    const served = isFileKey(key) ? await serveFile(req, res, deps.feeds, key) : undefined;
    if (served) {
      deps.audience?.record({
        method,
        path: key,
        ...served,
        address: req.socket.remoteAddress ?? '',
        userAgent: String(req.headers['user-agent'] ?? ''),
      });
      return;
    }
    if (prefersHtml(req)) {
      const page = await deps.feeds.get(NOT_FOUND_KEY);
      if (page) return send(res, htmlNotFound(page.body));
    }
  }
  send(
    res,
    json(404, { error: { code: 'not_found', message: `nothing at ${url.pathname}`, details: [] } }),
  );
}

/** The publisher's page for a missing address (CloudFront serves the same one on AWS). */
const NOT_FOUND_KEY = '404.html';

/** A browser (Accept names text/html before any JSON), not an API client or a feed reader. */
function prefersHtml(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('json');
  return html >= 0 && (json < 0 || html < json);
}

function htmlNotFound(body: Buffer | string): HttpResult {
  return {
    statusCode: 404,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: Buffer.from(body).toString(),
  };
}

/** The body, or undefined once it passes the limit (then the rest is not read at all). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The published files: directory, stylesheets, robots.txt, sitemaps, feeds with views and
 * archives, story pages.
 */
const FILE_KEY =
  /^(index\.html|feeds\.opml|feed\.css|page\.css|robots\.txt|sitemap\.xml|sitemaps\/(news|\d{4}-\d{2}-\d{2}(-[1-9][0-9]*)?)\.xml|feeds\/[a-z0-9-]+\/(local|wire)(\.(rss|atom|json|html)|\/archive\/[1-9][0-9]*\.(rss|atom|json|html))|pages\/[A-Za-z0-9._:-]{1,200}\.html)$/;

function isFileKey(key: string): boolean {
  return FILE_KEY.test(key);
}

/** The path without its leading slash, percent-decoded (`%3A` in a story id is `:`). */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname.slice(1));
  } catch {
    return pathname.slice(1);
  }
}

function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function send(res: ServerResponse, result: HttpResult, extra: Record<string, string> = {}) {
  if (res.headersSent) return;
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '');
  res.writeHead(result.statusCode, {
    ...result.headers,
    ...extra,
    'content-length': String(body.length),
  });
  res.end(body);
}
