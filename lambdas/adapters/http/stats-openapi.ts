import { z } from 'zod';
import { AUDIENCE_RETENTION_DAYS } from '../../core/use-cases/audience/audience-report.js';
import { apiSchemas } from './api-schemas.js';
import { MEDIA_TYPES } from './request.js';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const error = (description: string) => ({
  description,
  content: { [MEDIA_TYPES.json]: { schema: ref('Error') } },
});

const count = z.int().min(0);
const readerSchema = z.object({
  reader: z.string().meta({ description: 'the hosted reader, e.g. `Feedly`' }),
  feedId: z.string().optional().meta({ description: "the reader's own id of the feed" }),
  subscribers: count.meta({ description: 'its latest reported count that day' }),
});

z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  feeds: z.array(
    z.object({
      feed: z.string().meta({ examples: ['okanagan/wire'] }),
      format: z.enum(['rss', 'atom', 'json']),
      days: z.array(
        z.object({
          day: z.iso
            .date()
            .meta({ description: 'a UTC day; oldest first, every day of the range' }),
          subscribers: count.meta({
            description: 'hostedSubscribers + clients',
          }),
          hostedSubscribers: count.meta({
            description: 'the sum of each hosted reader’s latest reported count that day',
          }),
          clients: count.meta({ description: 'distinct other clients (address and User-Agent)' }),
          fetches: count.meta({ description: 'GETs answered 200, 206 or 304' }),
          notModified: count.meta({ description: 'of which answered 304' }),
          bytes: count.meta({ description: 'body bytes sent' }),
          topReaders: z.array(readerSchema).max(10),
        }),
      ),
    }),
  ),
}).register(apiSchemas, {
  id: 'AudienceReport',
  description:
    'Per feed and format, per UTC day: subscribers, fetches, 304s, bytes and the top hosted readers. Feeds never fetched in the range are left out.',
});

const daysParameter = {
  name: 'days',
  in: 'query',
  description: `the days to show, ending today (UTC); default 90`,
  schema: { type: 'integer', minimum: 1, maximum: AUDIENCE_RETENTION_DAYS },
};

const refusals = {
  '400': error('`days` is not a whole number from 1 to 400'),
  '401': error('no or bad credentials'),
  '403': error('neither the admin nor a credential with the `stats` ability'),
  '404': error('audience figures are not kept by this deployment'),
};

/** `GET /stats` and `GET /stats.json` (see stats-routes.ts). */
export const STATS_OPERATIONS: Record<'getStatsPage' | 'getStats', Json> = {
  getStatsPage: {
    summary: 'Audience per feed as an HTML page (admin or `stats`)',
    description:
      'A chart per feed and format (subscribers and fetches per day, inline SVG drawn on the server, no script) with a table of the same figures.',
    parameters: [daysParameter],
    responses: {
      '200': { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } },
      ...refusals,
    },
  },
  getStats: {
    summary: 'Audience per feed and day (admin or `stats`)',
    description:
      'Subscribers (each hosted reader’s latest reported count that day plus one per distinct other client), fetches, conditional fetches answered 304, bytes and top readers. Counted from the CDN’s logs on AWS, from the server’s requests locally; kept 400 days.',
    parameters: [daysParameter],
    responses: {
      '200': {
        description: 'the figures',
        content: { [MEDIA_TYPES.json]: { schema: ref('AudienceReport') } },
      },
      ...refusals,
    },
  },
};
