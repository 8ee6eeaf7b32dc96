import { CliError, type CliIo, EXIT } from './io.js';

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ApiClient {
  readonly url: string;
  request(
    method: string,
    path: string,
    options?: { body?: string; contentType?: string; query?: Record<string, string> },
  ): Promise<ApiAnswer>;
}

/** The API at `DATELINE_URL` (default http://localhost:3000) with the `DATELINE_TOKEN` bearer token. */
export function createApiClient(io: CliIo): ApiClient {
  const base = (io.env.DATELINE_URL || 'http://localhost:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) {
    throw new CliError(`DATELINE_URL must be an http(s) URL; got "${base}"`, EXIT.usage);
  }
  const token = io.env.DATELINE_TOKEN;
  if (!token) {
    throw new CliError(
      'DATELINE_TOKEN is not set: export the admin token (printed by `npm start`) or a credential token',
      EXIT.usage,
    );
  }
  const send = async (
    method: string,
    path: string,
    options: Parameters<ApiClient['request']>[2] = {},
  ): Promise<ApiAnswer & { retryAfter: string | null }> => {
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(name, value);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(options.body === undefined
            ? {}
            : { 'content-type': options.contentType ?? 'application/json' }),
        },
        body: options.body,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach ${base} (DATELINE_URL): ${cause?.code ?? cause?.message ?? String(error)}`,
      );
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page, say): keep the text for the message.
    }
    return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
  };
  return {
    url: base,
    async request(method, path, options = {}) {
      // A 429 is refused before the request does anything (the credential's rate limit, or the
      // API's throttle on AWS): waiting as Retry-After asks and sending again is safe, and keeps
      // a long file of stories from failing half-way.
      for (let retries = 0; ; retries++) {
        const { retryAfter, ...answer } = await send(method, path, options);
        if (answer.status !== 429 || retries >= RATE_LIMIT_RETRIES) return answer;
        const seconds = retryAfterSeconds(retryAfter, Date.now());
        io.err(`${method} ${path}: 429 too many requests; sending again in ${seconds} s`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    },
  };
}

/** How many times a request answered 429 is sent again before its 429 is reported. */
const RATE_LIMIT_RETRIES = 5;
/** The longest wait taken from a Retry-After, in seconds. */
const MAX_RETRY_AFTER_S = 60;

/**
 * The seconds a Retry-After asks for (RFC 9110: delay-seconds or an HTTP-date), at least 1 and
 * at most a minute; 1 when it is missing or unreadable.
 */
export function retryAfterSeconds(header: string | null, now: number): number {
  const value = header?.trim() ?? '';
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - now) / 1000);
  if (!Number.isFinite(seconds)) return 1;
  return Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));
}

/** One line for an error answer, then one per detail: `401 unauthorized: the bearer token …`. */
export function describeError(answer: ApiAnswer): string[] {
  const error = (answer.body as { error?: { code?: string; message?: string; details?: unknown } })
    ?.error;
  if (!error) {
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return [`${answer.status}: ${(text ?? '').slice(0, 300) || 'no body'}`];
  }
  const details = Array.isArray(error.details) ? error.details : [];
  return [
    `${answer.status} ${error.code ?? 'error'}: ${error.message ?? ''}`,
    ...details.map((d: { path?: string; message?: string }) =>
      d.path ? `  ${d.path}: ${d.message}` : `  ${d.message}`,
    ),
  ];
}
