import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../../../lambdas/adapters/http/error-response.js';
import { HttpError } from '../../../../lambdas/adapters/http/http-error.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../../lambdas/core/errors.js';

const context = { requestId: 'req-1', appEnv: 'prod' };
const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}');

describe('errorResponse', () => {
  it('answers 400 validation_failed with every issue as details', () => {
    const result = errorResponse(
      new ValidationError('bad', [{ path: 'headline', message: 'must not be empty' }]),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(result.headers['content-type']).toMatch(/^application\/json/);
    expect(bodyOf(result)).toEqual({
      error: {
        code: 'validation_failed',
        message: 'bad',
        details: [{ path: 'headline', message: 'must not be empty' }],
      },
    });
  });

  it('maps conflicts to 409 naming the stored version and missing things to 404', () => {
    expect(bodyOf(errorResponse(new ConflictError('stale', 5), context)).error).toEqual({
      code: 'conflict',
      message: 'stale',
      details: [{ path: 'version', message: 'stored version is 5' }],
    });
    expect(errorResponse(new NotFoundError('gone'), context).statusCode).toBe(404);
  });

  it('passes HTTP edge refusals through with their headers', () => {
    const result = errorResponse(
      new HttpError(401, 'unauthorized', 'no', { headers: { 'www-authenticate': 'Bearer' } }),
      context,
    );
    expect(result.statusCode).toBe(401);
    expect(result.headers['www-authenticate']).toBe('Bearer');
  });

  it('never shows an unexpected error outside local mode', () => {
    const result = errorResponse(new Error('secret table name'), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(bodyOf(result).error).toMatchObject({ code: 'internal_error', requestId: 'req-1' });
    expect(
      bodyOf(errorResponse(new Error('detail'), { ...context, appEnv: 'local' })).error.message,
    ).toContain('detail');
  });
});
