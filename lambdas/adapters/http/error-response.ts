import {
  AlreadyExistsError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.js';
import { boundError, type DetailBudget, detailBudget, type ErrorFields } from './error-details.js';
import { HttpError } from './http-error.js';
import { type HttpResult, jsonResponse } from './responses.js';

export interface ErrorContext {
  readonly requestId: string;
  /** Only `local` shows a 5xx's message; elsewhere the client sees a request id, never internals. */
  readonly appEnv: string;
}

/** An error as the API reports it, before the details are bounded. */
export interface DescribedError {
  readonly status: number;
  readonly error: ErrorFields;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The only mapping from errors to HTTP answers. Every error has one JSON shape:
 * `{"error": {"code", "message", "details": [{"path", "message"}], "detailsOmitted"?}}`, at most
 * 100 details and under 64 KB whatever the client sent.
 */
export function errorResponse(
  error: unknown,
  context: ErrorContext,
  budget: DetailBudget = detailBudget(),
): HttpResult {
  const described = describeError(error, context);
  return jsonResponse(
    described.status,
    { error: boundError(described.error, budget) },
    { ...described.headers },
  );
}

/** Status, code, message and every detail of an error; see errorResponse for the bounds. */
export function describeError(error: unknown, context: ErrorContext): DescribedError {
  if (error instanceof HttpError) {
    return described(error.status, error.code, error.message, error.details, error.headers);
  }
  if (error instanceof ValidationError) {
    return described(400, 'validation_failed', error.message, error.issues);
  }
  if (error instanceof ForbiddenError) {
    return described(403, 'forbidden', error.message, error.issues);
  }
  if (error instanceof NotFoundError) return described(404, 'not_found', error.message);
  if (error instanceof AlreadyExistsError) {
    return described(409, 'conflict', error.message, [{ path: error.path, message: 'is taken' }]);
  }
  if (error instanceof ConflictError) {
    return described(409, 'conflict', error.message, [
      { path: 'version', message: `stored version is ${error.storedVersion}` },
    ]);
  }
  const message =
    context.appEnv === 'local' && error instanceof Error
      ? `internal error: ${error.message}`
      : 'internal error';
  return {
    status: 500,
    error: { code: 'internal_error', message, details: [], requestId: context.requestId },
    headers: {},
  };
}

function described(
  status: number,
  code: string,
  message: string,
  details: DescribedError['error']['details'] = [],
  headers: Readonly<Record<string, string>> = {},
): DescribedError {
  return { status, error: { code, message, details }, headers };
}
