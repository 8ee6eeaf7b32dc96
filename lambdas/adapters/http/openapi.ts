import { z } from 'zod';
import { STORY_ID } from '../../core/story/story-schema.js';
import { apiSchemas } from './api-schemas.js';
import { CREDENTIAL_OPERATIONS } from './credential-openapi.js';
import { PARTNER_OPERATIONS } from './partner-openapi.js';
import { MEDIA_TYPES } from './request.js';
import { ROUTES, type RouteName } from './routes.js';
import { STATS_OPERATIONS } from './stats-openapi.js';

/**
 * The ingest API as an OpenAPI 3.1 document. Paths come from the route table (ROUTES), so a new
 * route appears here by construction: `OPERATIONS` is keyed by route name, and the type-checker
 * refuses a route without its description. Schemas come from the zod schemas the code validates
 * and answers with (`api-schemas.ts`), through `z.toJSONSchema`.
 */

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { [MEDIA_TYPES.json]: { schema: ref(id) } } });
const error = (description: string) => ({ description, ...json('Error') });

const storyIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: "the sender's story id",
  schema: { type: 'string', pattern: STORY_ID.source },
};

/** What the route table cannot say about each route. */
const OPERATIONS: Record<RouteName, Json> = {
  createStory: {
    summary: 'Create or update a story',
    description:
      'Native JSON, or an IPTC ninjs document (1.x, 2.x or 3.x) whose target channel and regions the query string names. A higher version wins; the same version is a replay (if identical) or a conflict. A stored story may be updated only by its owner (the credential that created it), an editor over its scope or the admin. Native JSON may add `"liftEmbargo": true` (lift a running embargo early; omitting `embargoUntil` does not) and, admin only, `"unkill": true` (undo an editor\'s or the admin\'s kill); ninjs says the same in the query string.',
    parameters: [
      {
        name: 'channel',
        in: 'query',
        description: 'ninjs only: the channel (default `wire`)',
        schema: { type: 'string', enum: ['local', 'wire'] },
      },
      {
        name: 'liftEmbargo',
        in: 'query',
        description: 'ninjs only: `true` lifts a running embargo early',
        schema: { type: 'string', enum: ['true', 'false'] },
      },
      {
        name: 'unkill',
        in: 'query',
        description: "ninjs only, admin only: `true` undoes an editor's or the admin's kill",
        schema: { type: 'string', enum: ['true', 'false'] },
      },
      {
        name: 'regions',
        in: 'query',
        description: 'ninjs only: comma-separated region slugs, e.g. `okanagan,shuswap`',
        schema: { type: 'string' },
      },
    ],
    requestBody: {
      required: true,
      content: {
        [MEDIA_TYPES.json]: { schema: ref('Story') },
        [MEDIA_TYPES.ninjs]: {
          schema: {
            type: 'object',
            required: ['uri'],
            description:
              'An IPTC ninjs text item: uri, version or versioncreated, headlines, bodies, by, located, pubstatus, embargoed, … (see the README for the mapping). It must keep the rules of its ninjs version (each problem is named in a 400); an item without a body is published as a brief (headline, summary, link); one with nothing to show is stored withheld under a placeholder headline, and the note in the answer says why.',
          },
        },
      },
    },
    responses: {
      '200': { description: 'updated, or the same take replayed', ...json('StoryAnswer') },
      '201': {
        description: 'created',
        headers: { Location: { schema: { type: 'string' }, description: '/stories/{id}' } },
        ...json('StoryAnswer'),
      },
      '400': error('invalid: every bad field is named in `details`'),
      '401': error('no or bad credentials'),
      '403': error(
        'valid credentials outside their scope, an id another sender owns, or a non-admin un-kill',
      ),
      '409': error(
        "a newer version (or a different take of this version) is stored, or an editor's or the admin's kill stands",
      ),
      '413': error('the body is over 1 MB'),
      '415': error('the Content-Type is neither JSON nor ninjs'),
    },
  },
  createStoryBatch: {
    summary: 'Create or update up to 100 stories',
    description:
      'Each story is handled as its own POST /stories; one story’s error never blocks the others. The whole body is at most 1 MB.',
    requestBody: { required: true, ...json('StoryBatch') },
    responses: {
      '200': { description: 'one result per story, in order', ...json('BatchAnswer') },
      '400': error('not a batch of 1 to 100 stories'),
      '401': error('no or bad credentials'),
      '413': error('the body is over 1 MB'),
      '415': error('a batch is application/json'),
    },
  },
  getStory: {
    summary: 'Read a stored story (killed ones too)',
    parameters: [storyIdParameter],
    responses: {
      '200': { description: 'the stored story', ...json('StoryRead') },
      '401': error('no or bad credentials'),
      '404': error(
        "no story has that id, or none the caller may see (outside its scope, or not yet public and neither its own nor in an editor's scope)",
      ),
    },
  },
  killStory: {
    summary: 'Kill a story: it leaves every feed',
    description:
      "Recorded, not forgotten: the owner's higher version brings back a story its owner killed; an editor's or the admin's kill only the admin's un-kill. Only the owner, an editor over the story or the admin may kill; to any other credential that may not read the story it answers as an unknown id (404). The admin's `?release=true` also frees the id: the next take of any version claims it.",
    parameters: [
      storyIdParameter,
      {
        name: 'release',
        in: 'query',
        description: 'admin only: `true` also frees the id for its rightful sender (a squatted id)',
        schema: { type: 'string', enum: ['true', 'false'] },
      },
    ],
    responses: {
      '200': { description: 'killed', ...json('StoryAnswer') },
      '401': error('no or bad credentials'),
      '403': error(
        'valid credentials that may not kill it (a public story of another sender), or a release by a non-admin',
      ),
      '404': error('no story has that id, or none the caller may see'),
    },
  },
  ...CREDENTIAL_OPERATIONS,
  rebuild: {
    summary: 'Rebuild every public file (admin only)',
    description:
      'Starts a rebuild and answers at once: every feed with its HTML view, every archive page, the page of every story that ever had one (live, archived or withdrawn), the directory and OPML, rendered from the table. Files already right are left alone, so a rebuild over a whole bucket writes nothing. On AWS the publish function is invoked asynchronously; locally it runs in the background of the server.',
    responses: {
      '202': {
        description: 'started',
        content: {
          [MEDIA_TYPES.json]: {
            schema: {
              type: 'object',
              required: ['outcome'],
              properties: { outcome: { const: 'started' } },
            },
          },
        },
      },
      '401': error('no or bad credentials'),
      '403': error('only the admin credential starts a rebuild'),
    },
  },
  ...PARTNER_OPERATIONS,
  ...STATS_OPERATIONS,
};

export interface OpenApiOptions {
  /** The server the document names; local mode passes its own URL. */
  readonly serverUrl?: string;
}

export const DEFAULT_SERVER_URL = 'http://localhost:3000';

/** The OpenAPI 3.1 document of the ingest API. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Json>)[route.method.toLowerCase()] = {
      operationId: route.name,
      ...OPERATIONS[route.name],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dateline ingest API',
      version: '1',
      description:
        'Post stories; Dateline publishes them as RSS 2.0, Atom 1.0 and JSON Feed 1.1 per region and channel. The same paths locally (`npm start`) and on AWS (the stack output ApiUrl).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.serverUrl ?? DEFAULT_SERVER_URL }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: componentSchemas(),
    },
  };
}

function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  // Each component is a subschema of the document, under its dialect, found by its location.
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}
