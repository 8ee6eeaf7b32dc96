import { z } from 'zod';
import { PARTNER_NAME } from '../../core/credentials/partner.js';
import { partnerInputSchema } from '../../core/credentials/partner-input.js';
import { apiSchemas } from './api-schemas.js';
import { MEDIA_TYPES } from './request.js';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { [MEDIA_TYPES.json]: { schema: ref(id) } } });
const error = (description: string) => ({ description, ...json('Error') });

partnerInputSchema.register(apiSchemas, {
  id: 'PartnerInput',
  description:
    'A push partner: its name, an https:// endpoint (locally also http://127.0.0.1, [::1] or localhost) and the feeds it follows (`region/channel`, or a custom feed slug).',
});

const partnerSchema = z
  .object({
    name: z.string(),
    endpoint: z.string(),
    feeds: z.array(z.string()).meta({ description: 'feed ids, `region/channel`' }),
    createdAt: z.iso.datetime(),
    parked: z.number().int().optional().meta({
      description: 'notifications given up on after 24 hours of retries (an alarm on AWS)',
    }),
    lastDeliveredAt: z.iso.datetime().optional(),
    lastError: z.string().optional().meta({ description: 'why the latest failed attempt failed' }),
    lastErrorAt: z.iso.datetime().optional(),
  })
  .register(apiSchemas, { id: 'Partner', description: 'A push partner, never its secret.' });

z.object({
  partner: partnerSchema,
  secret: z.string().meta({
    description:
      'the HMAC-SHA256 key of `Dateline-Signature` (43 base64url characters): shown only in this answer',
  }),
}).register(apiSchemas, { id: 'CreatedPartner' });

z.object({ partners: z.array(partnerSchema) }).register(apiSchemas, { id: 'PartnerList' });
z.object({ partner: partnerSchema }).register(apiSchemas, { id: 'PartnerRead' });

const nameParameter = {
  name: 'name',
  in: 'path',
  required: true,
  description: "the partner's name",
  schema: { type: 'string', pattern: PARTNER_NAME.source },
};

const adminOnly = {
  '401': error('no or bad credentials'),
  '403': error('only the admin credential manages partners'),
};

/** The `/partners` routes, for the OpenAPI description (see openapi.ts). */
export const PARTNER_OPERATIONS = {
  createPartner: {
    summary: 'Register a push partner (admin only)',
    description:
      'After every publish that changes one of its feeds, the partner is sent `POST <endpoint>` with a JSON body `{"type": "feed.changed", "feed", "feedUrl", "feedUrls", "items": [{"id", "storyId", "outcome": "new" | "updated" | "killed", "version"}]}` and the headers `Dateline-Delivery` (the same on every retry), `Dateline-Timestamp` (Unix seconds) and `Dateline-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. Anything but a 2xx answer within 10 s is retried after 10 s, doubling, at most 1 h apart, for 24 hours; then it is parked (counted in `parked`). The answer carries the secret, shown only this once.',
    requestBody: { required: true, ...json('PartnerInput') },
    responses: {
      '201': { description: 'registered', ...json('CreatedPartner') },
      '400': error('invalid: every bad field is named in `details`'),
      ...adminOnly,
      '409': error('a partner of that name exists'),
      '415': error('a partner is application/json'),
    },
  },
  listPartners: {
    summary: 'List every push partner, without secrets (admin only)',
    responses: { '200': { description: 'the partners', ...json('PartnerList') }, ...adminOnly },
  },
  getPartner: {
    summary: 'Read one push partner and its deliveries (admin only)',
    description: 'Shows `parked` (notifications given up on) and the last error an operator needs.',
    parameters: [nameParameter],
    responses: {
      '200': { description: 'the partner', ...json('PartnerRead') },
      ...adminOnly,
      '404': error('no partner has that name'),
    },
  },
  deletePartner: {
    summary: 'Remove a push partner (admin only)',
    description: 'Nothing more is sent to it, retries waiting included.',
    parameters: [nameParameter],
    responses: {
      '200': { description: 'removed' },
      ...adminOnly,
      '404': error('no partner has that name'),
    },
  },
} satisfies Record<string, Json>;
