import { parseStoryInput } from '../../core/story/story.js';
import { STORY_ID } from '../../core/story/story-schema.js';
import type { Visibility } from '../../core/story/visibility.js';
import { ingestStory } from '../../core/use-cases/ingest-story.js';
import type { Placement } from '../../core/use-cases/place-story.js';
import { authenticate } from './authenticate.js';
import { boundError, detailBudget, type ErrorFields } from './error-details.js';
import { describeError } from './error-response.js';
import { HttpError } from './http-error.js';
import { bodyKind, parseJsonBody } from './request.js';
import { jsonResponse } from './responses.js';
import { type RouteHandler, type StoryRouteDeps, whereReadable } from './story-routes.js';
import { splitControls } from './take-controls.js';

export const MAX_BATCH = 100;
/** The whole batch reply stays under 64 KB: details get what the per-story results leave. */
const BATCH_REPLY_BYTES = 60_000;
const BATCH_MESSAGE_CHARS = 200;

type BatchResult =
  | {
      index: number;
      id?: string;
      status: number;
      outcome: string;
      visibility: Visibility;
      placements?: Placement[];
    }
  | { index: number; id?: string; status: number; error: ErrorFields };

/**
 * `POST /stories/batch` for ingesters catching up after an outage: `{"stories": [...]}`, up to
 * 100, each handled as its own `POST /stories` (one story's error never blocks the others, not
 * even an internal one). Answers 200 with one result per story, in order: its status code and
 * outcome, or its error; at most 100 details in all and under 64 KB.
 */
export function createBatchRoute(deps: StoryRouteDeps & { readonly log?: BatchLog }): RouteHandler {
  return async (event) => {
    const principal = await authenticate(event, deps.authenticator);
    if (bodyKind(event) !== 'json') {
      throw new HttpError(
        415,
        'unsupported_media_type',
        'a batch is native JSON: application/json',
      );
    }
    const stories = batchOf(parseJsonBody(event));
    const regions = deps.site.regions.map((r) => r.slug);
    const requestId = event.requestContext?.requestId ?? 'unknown';
    const results: BatchResult[] = [];
    for (const [index, raw] of stories.entries()) {
      const id = idOf(raw);
      try {
        const { story: fields, controls } = splitControls(raw);
        const input = parseStoryInput(fields, regions);
        const { story, outcome } = await ingestStory(deps, input, {
          ...controls,
          actor: principal,
        });
        results.push({
          index,
          id: story.id,
          status: outcome === 'created' ? 201 : 200,
          outcome,
          ...(await whereReadable(deps, story)),
        });
      } catch (error) {
        const { status, error: fields } = describeError(error, { requestId, appEnv: '' });
        if (status >= 500) {
          deps.log?.error('batch story failed', { requestId, storyId: id, error });
          results.push({ index, id, status, error: { ...fields, message: NOT_STORED } });
        } else {
          results.push({ index, id, status, error: fields });
        }
      }
    }
    return jsonResponse(200, { results: bounded(results) });
  };
}

/** The slice of the logger a batch needs: its swallowed 5xx must still reach the logs. */
export interface BatchLog {
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

const NOT_STORED = 'internal error: this story may not have been stored; send it again';

/** Spends one detail budget across the batch, after what the results themselves take. */
function bounded(results: readonly BatchResult[]): BatchResult[] {
  const bare = results.map((r) =>
    'error' in r ? { ...r, error: boundError(r.error, detailBudget(0), BATCH_MESSAGE_CHARS) } : r,
  );
  // Room for each "(N problems listed, …)" count, which grows as details are listed.
  const base = Buffer.byteLength(JSON.stringify({ results: bare })) + 20 * results.length;
  const budget = detailBudget(Math.max(0, BATCH_REPLY_BYTES - base));
  return results.map((r) =>
    'error' in r ? { ...r, error: boundError(r.error, budget, BATCH_MESSAGE_CHARS) } : r,
  );
}

/** The sent id, echoed only when it is a valid one (bounded, and safe to show). */
function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && STORY_ID.test(id) ? id : undefined;
}

function batchOf(body: unknown): unknown[] {
  const stories = (body as { stories?: unknown })?.stories;
  if (!Array.isArray(stories)) {
    throw new HttpError(400, 'validation_failed', 'a batch is {"stories": [ ... ]}', {
      details: [{ path: 'stories', message: 'must be an array of stories' }],
    });
  }
  if (stories.length === 0 || stories.length > MAX_BATCH) {
    throw new HttpError(400, 'validation_failed', `a batch holds 1 to ${MAX_BATCH} stories`, {
      details: [{ path: 'stories', message: `has ${stories.length} stories` }],
    });
  }
  return stories;
}
