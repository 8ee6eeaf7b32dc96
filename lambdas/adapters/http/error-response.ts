import {
  AlreadyExistsError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.js';
import { HttpError } from './http-error.js';
import { type HttpResult, jsonResponse } from './responses.js';

export interface ErrorContext {
  readonly requestId: string;
  /** Only `local` shows a 5xx's message; elsewhere the client sees a request id, never internals. */
  readonly appEnv: string;
}

/**
 * The only mapping from errors to HTTP answers. Every error has one JSON shape:
 * `{"error": {"code", "message", "details": [{"path", "message"}]}}`.
 */
export function errorResponse(error: unknown, context: ErrorContext): HttpResult {
  if (error instanceof HttpError) {
    return body(error.status, error.code, error.message, error.details, error.headers);
  }
  if (error instanceof ValidationError) {
    return body(400, 'validation_failed', error.message, error.issues);
  }
  if (error instanceof ForbiddenError) return body(403, 'forbidden', error.message, error.issues);
  if (error instanceof NotFoundError) return body(404, 'not_found', error.message);
  if (error instanceof AlreadyExistsError) {
    return body(409, 'conflict', error.message, [{ path: error.path, message: 'is taken' }]);
  }
  if (error instanceof ConflictError) {
    return body(409, 'conflict', error.message, [
      { path: 'version', message: `stored version is ${error.storedVersion}` },
    ]);
  }
  const message =
    context.appEnv === 'local' && error instanceof Error
      ? `internal error: ${error.message}`
      : 'internal error';
  return jsonResponse(500, {
    error: { code: 'internal_error', message, details: [], requestId: context.requestId },
  });
}

function body(
  status: number,
  code: string,
  message: string,
  details: readonly { path: string; message: string }[] = [],
  headers: Readonly<Record<string, string>> = {},
): HttpResult {
  return jsonResponse(status, { error: { code, message, details } }, { ...headers });
}
