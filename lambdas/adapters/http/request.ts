import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from './http-error.js';
import { MAX_JSON_DEPTH, tooDeepPath } from './json-depth.js';

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const MEDIA_TYPES = {
  json: 'application/json',
  ninjs: 'application/vnd.iptc.ninjs+json',
} as const;

export type BodyKind = keyof typeof MEDIA_TYPES;

/** A header's value, whatever case the client or API Gateway used. */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The raw body as bytes, refusing oversized bodies (413) before anything parses them. */
export function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpError(
      413,
      'payload_too_large',
      `the request body is ${bytes.length} bytes; at most ${MAX_BODY_BYTES} are accepted`,
    );
  }
  return bytes;
}

/** Which body the client sent, by Content-Type; anything else is 415. */
export function bodyKind(event: APIGatewayProxyEventV2): BodyKind {
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === MEDIA_TYPES.json) return 'json';
  if (type === MEDIA_TYPES.ninjs) return 'ninjs';
  throw new HttpError(
    415,
    'unsupported_media_type',
    `Content-Type must be ${MEDIA_TYPES.json} or ${MEDIA_TYPES.ninjs}; got ${type || 'none'}`,
  );
}

/**
 * Parses a JSON body, answering 400 with the parser's reason when it is not JSON, and 400 naming
 * the path when it nests deeper than MAX_JSON_DEPTH (json-depth.ts).
 */
export function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const body = parseJson(bodyBytes(event));
  const deep = tooDeepPath(body);
  if (deep !== undefined) {
    throw new HttpError(
      400,
      'validation_failed',
      `the request body nests objects and lists more than ${MAX_JSON_DEPTH} deep`,
      {
        details: [
          { path: deep, message: `is nested more than ${MAX_JSON_DEPTH} deep; flatten it` },
        ],
      },
    );
  }
  return body;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpError(
      400,
      'invalid_json',
      `the request body is not valid UTF-8 JSON: ${reason}`,
      {
        details: [{ path: '', message: reason }],
      },
    );
  }
}

/** A query string parameter, from API Gateway's parsed map. */
export function queryParam(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.queryStringParameters?.[name];
}
