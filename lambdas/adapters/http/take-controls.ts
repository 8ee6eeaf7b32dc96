import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { IngestOptions } from '../../core/use-cases/ingest-story.js';
import { HttpError } from './http-error.js';
import { queryParam } from './request.js';

/** What a take may ask beyond its story: explicit acts, never implied by an omitted field. */
export type TakeControls = Pick<IngestOptions, 'liftEmbargo' | 'unkill'>;

const CONTROLS = ['liftEmbargo', 'unkill'] as const;

/**
 * Splits a native story object into its story fields and its controls (`liftEmbargo`, `unkill`,
 * each `true` or `false`); anything else in those fields is a 400 naming it.
 */
export function splitControls(
  raw: unknown,
  pathPrefix = '',
): { story: unknown; controls: TakeControls } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { story: raw, controls: {} };
  const story: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const controls: Record<string, boolean> = {};
  for (const name of CONTROLS) {
    if (!Object.hasOwn(story, name)) continue;
    const value = story[name];
    delete story[name];
    if (typeof value !== 'boolean') throw notBoolean(`${pathPrefix}${name}`);
    if (value) controls[name] = true;
  }
  return { story, controls };
}

/** A ninjs document carries no Dateline fields: its controls are query parameters (`?liftEmbargo=true`). */
export function queryControls(event: APIGatewayProxyEventV2): TakeControls {
  const controls: Record<string, boolean> = {};
  for (const name of CONTROLS) {
    const value = queryParam(event, name);
    if (value === undefined) continue;
    if (value !== 'true' && value !== 'false') throw notBoolean(`query.${name}`);
    if (value === 'true') controls[name] = true;
  }
  return controls;
}

function notBoolean(path: string): HttpError {
  return new HttpError(400, 'validation_failed', 'the story is invalid', {
    details: [{ path, message: 'must be true or false' }],
  });
}
