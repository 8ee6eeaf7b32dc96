import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Issue, ValidationError } from '../../core/errors.js';
import type { ArchiveSpans, Clock, StoryStore } from '../../core/ports.js';
import type { SiteConfig } from '../../core/site-config.js';
import type { Story } from '../../core/story/story.js';
import { parseStoryInput, type StoryInput } from '../../core/story/story.js';
import { STORY_ID } from '../../core/story/story-schema.js';
import { type Visibility, visibilityOf } from '../../core/story/visibility.js';
import { getStory } from '../../core/use-cases/get-story.js';
import { ingestStory } from '../../core/use-cases/ingest-story.js';
import { killStory } from '../../core/use-cases/kill-story.js';
import { type Placement, placeStory } from '../../core/use-cases/place-story.js';
import { type Authenticator, authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { bodyKind, parseJsonBody } from './request.js';
import { type HttpResult, jsonResponse } from './responses.js';
import { storyView } from './story-view.js';
import { queryControls, splitControls, type TakeControls } from './take-controls.js';

export interface StoryRouteDeps {
  readonly stories: StoryStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  /**
   * Resolves bearer tokens where no Lambda authorizer stands in front (local mode). On AWS it is
   * absent: the authorizer has authenticated every request before the ingest Lambda runs.
   */
  readonly authenticator?: Authenticator;
  /**
   * The feeds' archive spans and public base URL, so an answer says where a story can be read
   * (`placements`, and `archived` for late copy); without them (edge-only unit tests) answers
   * carry `visibility` alone.
   */
  readonly placement?: { readonly archive: ArchiveSpans; readonly feedBaseUrl: string };
}

/** `visibility`, and `placements` when the deps can tell: the story's truth for its sender. */
export async function whereReadable(
  deps: StoryRouteDeps,
  story: Story,
): Promise<{ visibility: Visibility; placements?: Placement[] }> {
  if (!deps.placement) return { visibility: visibilityOf(story, deps.clock.now()) };
  return placeStory({ ...deps.placement, site: deps.site, clock: deps.clock }, story);
}

export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/**
 * `POST /stories`: native JSON or ninjs; 201 created, 200 updated or replayed, 409 stale. The
 * answer says whether readers can see the story now (`visibility`), e.g. `expired`, `embargoed`
 * or `archived`, and where (`placements`: per feed, its live document or an archive page).
 */
export function createStoryRoute(deps: StoryRouteDeps): RouteHandler {
  return async (event) => {
    const principal = await authenticate(event, deps.authenticator);
    const { input, note, warnings, controls } = await readStory(event, deps.site);
    const { story, outcome } = await ingestStory(deps, input, { ...controls, actor: principal });
    const readable = await whereReadable(deps, story);
    return jsonResponse(
      outcome === 'created' ? 201 : 200,
      {
        outcome,
        visibility: readable.visibility,
        ...(note ? { note } : {}),
        ...(warnings ? { warnings } : {}),
        ...(readable.placements ? { placements: readable.placements } : {}),
        story: storyView(story),
      },
      { location: `/stories/${encodeURIComponent(story.id)}` },
    );
  };
}

/** `GET /stories/{id}`: the stored story, killed ones included. */
export function getStoryRoute(deps: StoryRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const story = await getStory(deps, storyIdOf(event), { actor });
    return jsonResponse(200, { ...(await whereReadable(deps, story)), story: storyView(story) });
  };
}

/**
 * `DELETE /stories/{id}`: kill; the story leaves every feed at the next publish. The admin's
 * `?release=true` also frees the id for the next sender (a squatted id).
 */
export function killStoryRoute(deps: StoryRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const release = releaseParam(event);
    const story = await killStory(deps, storyIdOf(event), { actor, release });
    return jsonResponse(200, {
      outcome: 'killed',
      visibility: visibilityOf(story, deps.clock.now()),
      story: storyView(story),
    });
  };
}

/** Parses one story from the request body by its content type (ninjs code loads on first use). */
export async function readStory(
  event: APIGatewayProxyEventV2,
  site: SiteConfig,
): Promise<{ input: StoryInput; note?: string; warnings?: Issue[]; controls: TakeControls }> {
  const kind = bodyKind(event);
  const body = parseJsonBody(event);
  const regions = site.regions.map((r) => r.slug);
  if (kind === 'ninjs') {
    const { parseNinjsRequest } = await import('./ninjs-request.js');
    return { ...parseNinjsRequest(body, event, regions), controls: queryControls(event) };
  }
  const { story, controls } = splitControls(body);
  try {
    return { input: parseStoryInput(story, regions), controls };
  } catch (error) {
    throw looksLikeNinjs(body) && error instanceof ValidationError
      ? new ValidationError(`${error.message}. ${NINJS_HINT}`, error.issues)
      : error;
  }
}

function releaseParam(event: APIGatewayProxyEventV2): boolean {
  const value = event.queryStringParameters?.release;
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new HttpError(400, 'validation_failed', 'release is true or false', {
    details: [{ path: 'query.release', message: 'must be true or false' }],
  });
}

const NINJS_HINT =
  'This looks like IPTC ninjs: send it with Content-Type: application/vnd.iptc.ninjs+json ' +
  '(and ?channel=…&regions=… in the query)';

/** A ninjs document sent as a native story: a `uri`, no native `id`, and a ninjs-only field. */
function looksLikeNinjs(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const doc = body as Record<string, unknown>;
  const ninjsOnly = ['versioncreated', 'firstcreated', 'body_html', 'headlines', 'bodies', 'type'];
  return typeof doc.uri === 'string' && doc.id === undefined && ninjsOnly.some((k) => k in doc);
}

function storyIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.id ?? '';
  if (!STORY_ID.test(id)) {
    throw new HttpError(404, 'not_found', 'no story has that id', {
      details: [
        { path: 'id', message: 'story ids are 1-200 of letters, digits, ".", "_", ":", "-"' },
      ],
    });
  }
  return id;
}
