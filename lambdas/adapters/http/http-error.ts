import type { Issue } from '../../core/errors.js';

/** A refusal decided at the HTTP edge (auth, media type, size), before any use case runs. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: readonly Issue[];
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: readonly Issue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}
