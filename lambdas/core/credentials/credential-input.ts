import { z } from 'zod';
import { type Issue, ValidationError } from '../errors.js';
import { formatPath } from '../story-schema.js';
import { CREDENTIAL_NAME } from './credential.js';

/** What `POST /credentials` takes. */
export interface CredentialInput {
  readonly name: string;
  readonly channels: readonly string[];
  readonly regions: readonly string[];
  readonly expiresAt?: string;
}

const all = (list: readonly string[]) => list.includes('*');

/** The schema `POST /credentials` is validated with (regions checked against `knownRegions`). */
export function credentialInputSchema(knownRegions: readonly string[], now: Date) {
  const known = new Set(knownRegions);
  return z
    .strictObject({
      name: z
        .string()
        .regex(CREDENTIAL_NAME, 'must be 1-64 of letters, digits, ".", "_", ":" and "-"')
        .refine((name) => name !== 'admin', '"admin" is the name of the admin credential'),
      channels: z
        .array(z.enum(['local', 'wire', '*']))
        .min(1, 'must name at least one channel')
        .max(3),
      regions: z
        .array(
          z
            .string()
            .refine((r) => r === '*' || known.has(r), { message: 'is not a configured region' }),
        )
        .min(1, 'must name at least one region')
        .max(200),
      expiresAt: z.iso
        .datetime({ offset: true, message: 'must be an RFC 3339 date-time with a time zone' })
        .refine((value) => Date.parse(value) > now.getTime(), 'must be in the future')
        .transform((value) => new Date(value).toISOString())
        .optional(),
    })
    .superRefine((input, ctx) => {
      for (const key of ['channels', 'regions'] as const) {
        if (all(input[key]) && input[key].length > 1) {
          ctx.addIssue({ code: 'custom', path: [key], message: '"*" must stand alone' });
        }
      }
    })
    .transform((input) => ({
      ...input,
      channels: [...new Set(input.channels)].sort(),
      regions: [...new Set(input.regions)],
    }));
}

/** Validates a new credential's name, scope and expiry against the configured regions. */
export function parseCredentialInput(
  input: unknown,
  knownRegions: readonly string[],
  now: Date,
): CredentialInput {
  const result = credentialInputSchema(knownRegions, now).safeParse(input);
  if (result.success) return result.data;
  const issues: Issue[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: key, message: 'is not a credential field' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
  throw new ValidationError('the credential is invalid', issues.slice(0, 100));
}
