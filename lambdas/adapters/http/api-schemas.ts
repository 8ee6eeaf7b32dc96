import { z } from 'zod';
import { storyInputSchema } from '../../core/story/story-schema.js';
import { VISIBILITIES } from '../../core/story/visibility.js';
import { MAX_BATCH } from './batch-route.js';

/**
 * The shapes the ingest API takes and answers with, as zod schemas, so the OpenAPI description is
 * generated from them. A posted story is `storyInputSchema` itself, the schema that validates it.
 */

/** The schemas the description names (`#/components/schemas/<id>`). */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

/** A posted story: the schema `parseStoryInput` validates with. */
export const storySchema = storyInputSchema.register(apiSchemas, {
  id: 'Story',
  description:
    'A story in native JSON. Text fields are cleaned (whitespace folded, control characters removed) before their length limits apply; regions must be configured slugs or ["*"].',
});

const issueSchema = z.object({
  path: z.string().meta({ description: 'the field, e.g. `byline[0].name`; empty for the body' }),
  message: z.string(),
});

/** Every error the API answers with, whatever its status. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ examples: ['validation_failed', 'unauthorized', 'conflict'] }),
      message: z.string(),
      details: z.array(issueSchema).max(100).meta({
        description: 'at most 100, and the whole answer under 64 KB (a batch shares them)',
      }),
      detailsOmitted: z.int().min(1).optional().meta({
        description: 'how many more problems were found but not listed',
      }),
      requestId: z.string().optional().meta({ description: 'on 5xx answers only' }),
    }),
  })
  .register(apiSchemas, { id: 'Error' });

/** The story as stored and shown: the posted fields, cleaned, plus Dateline's dates and state. */
export const storyViewSchema = z
  .looseObject({
    id: z.string(),
    version: z.int(),
    channel: z.enum(['local', 'wire']),
    regions: z.array(z.string()),
    headline: z.string(),
    status: z.enum(['usable', 'withheld', 'canceled']),
    publishedAt: z.iso.datetime().meta({ description: 'first publication; never moves' }),
    receivedAt: z.iso.datetime(),
    killedAt: z.iso.datetime().optional(),
    killed: z.boolean(),
    writtenBy: z.string().optional().meta({ description: 'the credential that sent this take' }),
    killedBy: z.string().optional().meta({ description: 'the credential that killed it' }),
    ownedBy: z
      .string()
      .optional()
      .meta({ description: 'the credential that created it, which owns it' }),
    releasedAt: z.iso
      .datetime()
      .optional()
      .meta({ description: 'when the admin freed the id; the next take claims it' }),
  })
  .register(apiSchemas, {
    id: 'StoredStory',
    description: 'Every field of Story as cleaned and stored, plus receivedAt, killedAt, killed.',
  });

/** Whether readers can see a story now; `expired` and `embargoed` ones were stored all the same. */
const visibilitySchema = z.enum(VISIBILITIES).meta({
  description:
    'visible: in its feeds now (at least one live feed document; placements says where); archived: readable now only on archive pages, as late copy dated before what each of its feeds lists; embargoed: until embargoUntil; scheduled: publishedAt is still to come; expired: expiresAt has passed; withheld; killed',
});

/** Per concrete feed the story goes to: where it is readable after the feed's next publish. */
const placementsSchema = z
  .array(
    z.object({
      feed: z
        .string()
        .meta({ description: '<region or custom feed>/<channel>, e.g. okanagan/wire' }),
      in: z.enum(['feed', 'archive']).meta({
        description:
          "feed: the feed's live document; archive: the archive page whose span holds the story's date (late copy)",
      }),
      page: z
        .int()
        .min(1)
        .optional()
        .meta({ description: 'the archive page number (1 = the oldest)' }),
      url: z.url().meta({
        description: 'the Atom document that lists it; .rss, .json and .html sit beside it',
      }),
    }),
  )
  .meta({
    description:
      'with visibility visible or archived: one entry per concrete feed (regions × channel, custom feeds) the story goes to. What the table holds at the answer decides: a page that closes at the next publish takes the oldest stories of its full feed with it',
  });

export const storyAnswerSchema = z
  .object({
    outcome: z.enum(['created', 'updated', 'unchanged', 'killed']),
    visibility: visibilitySchema,
    note: z.string().optional().meta({
      description:
        'why a valid document was stored but held back from every feed (a ninjs text item with nothing to show)',
    }),
    warnings: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({
        description:
          'properties a ninjs document carries that its ninjs version does not define (vendor fields, extensions): accepted, kept out of the story, each with message "ignored: not a ninjs N.x property" (AP-style bylines and datelinelocation, read where the document has no byline or located: "read as the byline: …", "read as the dateline: …"); also creation stamps Dateline cannot read, ignored',
      }),
    placements: placementsSchema.optional(),
    story: storyViewSchema,
  })
  .register(apiSchemas, { id: 'StoryAnswer' });

export const storyReadSchema = z
  .object({
    visibility: visibilitySchema,
    placements: placementsSchema.optional(),
    story: storyViewSchema,
  })
  .register(apiSchemas, { id: 'StoryRead' });

export const batchRequestSchema = z
  .object({ stories: z.array(storyInputSchema).min(1).max(MAX_BATCH) })
  .register(apiSchemas, { id: 'StoryBatch' });

export const batchAnswerSchema = z
  .object({
    results: z.array(
      z.object({
        index: z.int().min(0),
        id: z.string().optional(),
        status: z.int().meta({ description: 'what POST /stories would have answered' }),
        outcome: z.enum(['created', 'updated', 'unchanged']).optional(),
        visibility: visibilitySchema.optional(),
        placements: placementsSchema.optional(),
        error: errorBodySchema.shape.error.optional(),
      }),
    ),
  })
  .register(apiSchemas, { id: 'BatchAnswer' });
