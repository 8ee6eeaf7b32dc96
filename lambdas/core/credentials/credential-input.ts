import * as z from 'zod';
import { type Issue, ValidationError } from '../errors.js';
import { isStorableTime } from '../story/instant.js';
import { formatPath } from '../story/story-schema.js';
import { CREDENTIAL_NAME } from './credential.js';
import { ABILITIES, type Ability } from './scope.js';

/** What `POST /credentials` takes. */
export interface CredentialInput {
  readonly name: string;
  readonly channels: readonly string[];
  readonly regions: readonly string[];
  readonly expiresAt?: string;
  readonly abilities?: readonly Ability[];
}

const standsAlone = (list: readonly string[]) => !list.includes('*') || list.length === 1;

/**
 * The shape of a new credential, as the OpenAPI description shows it. Whether each region is
 * configured and the expiry still ahead are checked by `parseCredentialInput`.
 */
export const credentialInputSchema = z.strictObject({
  name: z
    .string()
    .regex(CREDENTIAL_NAME, 'must be 1-64 of letters, digits, ".", "_", ":" and "-"')
    .refine(
      (name) => name.toLowerCase() !== 'admin',
      '"admin" (in any case) is reserved for the admin credential',
    ),
  channels: z
    .array(z.enum(['local', 'wire', '*']))
    .min(1, 'must name at least one channel')
    .max(3)
    .refine(standsAlone, '"*" must stand alone'),
  regions: z
    .array(z.string().min(1).max(64))
    .min(1, 'must name at least one region')
    .max(200)
    .refine(standsAlone, '"*" must stand alone'),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an RFC 3339 date-time with a time zone' })
    .refine(
      (value) => isStorableTime(Date.parse(value)),
      'must fall in the years 0001 to 9999 once converted to UTC',
    )
    .optional(),
  abilities: z
    .array(z.enum(ABILITIES as [Ability, ...Ability[]]))
    .max(ABILITIES.length)
    .optional()
    .meta({
      description:
        '`edit`: may update, kill and read every story in its scope; `stats`: may read the audience figures (`GET /stats`)',
    }),
});

/** Validates a new credential's name, scope and expiry against the configured regions. */
export function parseCredentialInput(
  input: unknown,
  knownRegions: readonly string[],
  now: Date,
): CredentialInput {
  const result = credentialInputSchema.safeParse(input);
  const issues: Issue[] = result.success ? [] : result.error.issues.flatMap(toIssues);
  const { regions, expiresAt } = (input ?? {}) as { regions?: unknown; expiresAt?: unknown };
  if (Array.isArray(regions)) {
    const known = new Set(['*', ...knownRegions]);
    regions.forEach((region, index) => {
      if (typeof region === 'string' && !known.has(region)) {
        issues.push({ path: `regions[${index}]`, message: `unknown region "${region}"` });
      }
    });
  }
  if (typeof expiresAt === 'string' && Date.parse(expiresAt) <= now.getTime()) {
    issues.push({ path: 'expiresAt', message: 'must be in the future' });
  }
  if (!result.success || issues.length > 0) {
    throw new ValidationError('the credential is invalid', issues.slice(0, 100));
  }
  const data = result.data;
  return {
    name: data.name,
    channels: [...new Set(data.channels)].sort(),
    regions: [...new Set(data.regions)],
    ...(data.expiresAt ? { expiresAt: new Date(data.expiresAt).toISOString() } : {}),
    ...(data.abilities?.length ? { abilities: [...new Set(data.abilities)].sort() } : {}),
  };
}

function toIssues(issue: z.core.$ZodIssue): Issue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: key, message: 'is not a credential field' }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}
