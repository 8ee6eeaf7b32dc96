import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROUTES } from '../adapters/http/routes.js';

export interface RouteMatch {
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`), literal: names.length === 0 };
});

/**
 * Finds the API route for a path the way API Gateway does: a literal path beats a template.
 * Returns `methods` when the path exists but not for this method.
 */
export function matchRoute(
  method: string,
  path: string,
): RouteMatch | { methods: string[] } | undefined {
  const candidates = compiled
    .filter((c) => c.regex.test(path))
    .sort((a, b) => Number(b.literal) - Number(a.literal));
  const hit = candidates.find((c) => c.route.method === method);
  if (!hit)
    return candidates.length
      ? { methods: [...new Set(candidates.map((c) => c.route.method))] }
      : undefined;
  const values = hit.regex.exec(path)?.slice(1) ?? [];
  const pathParameters = Object.fromEntries(
    hit.names.map((n, i) => [n, safeDecode(values[i] ?? '')]),
  );
  return {
    routeKey: `${hit.route.method} ${hit.route.path}`,
    ...(hit.names.length ? { pathParameters } : {}),
  };
}

/** A Node request as an API Gateway HTTP API payload v2 event, as the Lambda would see it. */
export function toApiEvent(
  req: IncomingMessage,
  url: URL,
  match: RouteMatch,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const text = decodeUtf8(body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: match.pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: match.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : (text ?? body.toString('base64')),
    isBase64Encoded: body.length > 0 && text === undefined,
  };
}

function decodeUtf8(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
