import { parseStoryInput } from '../../core/story.js';
import { ingestStory } from '../../core/use-cases/ingest-story.js';
import { visibilityOf } from '../../core/visibility.js';
import { authenticate, authorize } from './authenticate.js';
import { errorResponse } from './error-response.js';
import { HttpError } from './http-error.js';
import { bodyKind, parseJsonBody } from './request.js';
import { jsonResponse } from './responses.js';
import type { RouteHandler, StoryRouteDeps } from './story-routes.js';

export const MAX_BATCH = 100;

/**
 * `POST /stories/batch` for ingesters catching up after an outage: `{"stories": [...]}`, up to
 * 100, each handled as its own `POST /stories` (one story's error never blocks the others).
 * Answers 200 with one result per story, in order: its status code and outcome or error.
 */
export function createBatchRoute(deps: StoryRouteDeps): RouteHandler {
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
    const results = [];
    for (const [index, raw] of stories.entries()) {
      try {
        const input = parseStoryInput(raw, regions);
        authorize(principal, input);
        const { story, outcome } = await ingestStory(deps, input);
        results.push({
          index,
          id: story.id,
          status: outcome === 'created' ? 201 : 200,
          outcome,
          visibility: visibilityOf(story, deps.clock.now()),
        });
      } catch (error) {
        const answer = errorResponse(error, {
          requestId: event.requestContext.requestId,
          appEnv: '',
        });
        if (answer.statusCode >= 500) throw error;
        const id =
          typeof (raw as { id?: unknown })?.id === 'string'
            ? (raw as { id: string }).id
            : undefined;
        results.push({ index, id, status: answer.statusCode, ...JSON.parse(String(answer.body)) });
      }
    }
    return jsonResponse(200, { results });
  };
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
