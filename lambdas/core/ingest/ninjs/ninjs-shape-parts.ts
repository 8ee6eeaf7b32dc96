import * as z from 'zod';

/** The parts every ninjs version's shape is built from, by their 2.x (lower-case) names. */
export const text = z.string();
export const number = z.number();
export const urgency = z
  .number()
  .refine((n) => Number.isInteger(n) && n >= 1 && n <= 9, 'must be a whole number from 1 to 9');
export const pubstatus = z.enum(['usable', 'withheld', 'canceled']);
export const TYPES_1 = [
  'text',
  'audio',
  'video',
  'picture',
  'graphic',
  'composite',
  'component',
] as const;
export const TYPES_3 = [...TYPES_1, 'event', 'planning'] as const;

/** `code` is what an advice's importance or lifetime names. */
const coded = z.looseObject({ code: text });
const advices = z.array(
  z.looseObject({
    role: text.optional(),
    importance: coded.optional(),
    lifetime: coded.optional(),
    environments: z.array(z.looseObject({})).optional(),
  }),
);
export const standard = z.strictObject({ name: text, version: text, schema: text }).partial();
const digitalSourceType = z.strictObject({ name: text, uri: text, literal: text }).partial();
const rightsInfo = z
  .strictObject({ langid: text, linkedrights: text, encodedrights: text })
  .partial()
  .refine(
    (r) => (r.linkedrights === undefined) !== (r.encodedrights === undefined),
    'needs linkedrights or encodedrights, and not both',
  );

/** Properties every major version shares, by their 2.x (lower-case) names. */
export const common = {
  uri: text.min(1, 'must not be empty'),
  profile: text,
  // A string in every version; AP's 1.x sends a number, read as its decimal text.
  version: z.union([text, number], { error: 'must be a string (or a number)' }),
  firstcreated: text,
  versioncreated: text,
  contentcreated: text,
  expires: text,
  pubstatus,
  urgency,
  copyrightholder: text,
  copyrightnotice: text,
  // A string in every version; AP's 1.x sends a list of them.
  usageterms: z.union([text, z.array(text)], { error: 'must be a string (or a list of strings)' }),
  ednote: text,
  language: text,
  title: text,
  slugline: text,
  located: text,
  rightsinfo: rightsInfo,
  digitalsourcetype: digitalSourceType,
  advices,
};

/**
 * A closed object: every property optional but those `required`; a key the shape does not name
 * is refused unless it matches `patterns` (1.x `headline_*`, …), whose values must fit `pattern`.
 */
export function closed(
  shape: Record<string, z.ZodType>,
  options: {
    major: number;
    required?: readonly string[];
    patterns?: RegExp;
    pattern?: z.ZodType;
  },
) {
  const required = new Set(options.required ?? ['uri']);
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, type]) => [key, required.has(key) ? type : type.optional()]),
  );
  return z.looseObject(fields).superRefine(
    (value, ctx) => {
      for (const [key, child] of Object.entries(value)) {
        if (Object.hasOwn(shape, key)) continue;
        if (!options.patterns?.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `is not a ninjs ${options.major}.x property`,
          });
          continue;
        }
        const result = (options.pattern ?? z.unknown()).safeParse(child);
        for (const issue of result.success ? [] : result.error.issues) {
          ctx.addIssue({ code: 'custom', path: [key, ...issue.path], message: issue.message });
        }
      }
      // Unknown names are reported even when a known property is also wrong: every problem at once.
    },
    { when: (payload) => isPlainObject(payload.value) },
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
