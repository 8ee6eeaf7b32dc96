import { z } from 'zod';
import { CREDENTIAL_NAME } from '../../core/credentials/credential.js';
import { credentialInputSchema } from '../../core/credentials/credential-input.js';
import { apiSchemas } from './api-schemas.js';
import { MEDIA_TYPES } from './request.js';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { [MEDIA_TYPES.json]: { schema: ref(id) } } });
const error = (description: string) => ({ description, ...json('Error') });

credentialInputSchema.register(apiSchemas, {
  id: 'CredentialInput',
  description:
    'A new credential: its name, the channels and regions it may touch (["*"] for all), and an optional expiry in the future. Regions must be configured slugs.',
});

const credentialSchema = z
  .object({
    name: z.string(),
    channels: z.array(z.string()),
    regions: z.array(z.string()),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().optional(),
  })
  .register(apiSchemas, { id: 'Credential', description: 'A credential, never its secret.' });

z.object({
  credential: credentialSchema,
  token: z.string().meta({ description: '`<name>.<secret>`: shown only in this answer' }),
}).register(apiSchemas, { id: 'CreatedCredential' });

z.object({ credentials: z.array(credentialSchema) }).register(apiSchemas, {
  id: 'CredentialList',
});

const nameParameter = {
  name: 'name',
  in: 'path',
  required: true,
  description: "the credential's name",
  schema: { type: 'string', pattern: CREDENTIAL_NAME.source },
};

const adminOnly = {
  '401': error('no or bad credentials'),
  '403': error('only the admin credential manages credentials'),
};

/** The `/credentials` routes, for the OpenAPI description (see openapi.ts). */
export const CREDENTIAL_OPERATIONS = {
  createCredential: {
    summary: 'Create a scoped credential (admin only)',
    description:
      'Answers with the token, which is shown only this once: the table keeps a digest of its secret.',
    requestBody: { required: true, ...json('CredentialInput') },
    responses: {
      '201': { description: 'created', ...json('CreatedCredential') },
      '400': error('invalid: every bad field is named in `details`'),
      ...adminOnly,
      '409': error('a credential of that name exists'),
      '415': error('a credential is application/json'),
    },
  },
  listCredentials: {
    summary: 'List every credential, without secrets (admin only)',
    responses: {
      '200': { description: 'the credentials', ...json('CredentialList') },
      ...adminOnly,
    },
  },
  revokeCredential: {
    summary: 'Revoke a credential (admin only)',
    description:
      'Its token stops working at once locally, and within the authorizer cache age (30 s) on AWS.',
    parameters: [nameParameter],
    responses: {
      '200': { description: 'revoked' },
      ...adminOnly,
      '404': error('no credential has that name'),
    },
  },
} satisfies Record<string, Json>;
