import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { CLEAN_HTML_POLICY } from '../content/clean-html.js';
import { type Issue, ValidationError } from '../errors.js';
import { formatPath, LIMITS, type StoryInput, storyInputSchema } from './story-schema.js';

export type Channel = 'local' | 'wire';
export type StoryStatus = 'usable' | 'withheld' | 'canceled';
export type { StoryInput };

/**
 * A story as stored: the sender's fields, cleaned, with the dates Dateline resolves.
 * `publishedAt` is the first publication and never moves once stored; `updatedAt` moves with
 * every new version; `fingerprint` identifies the exact take, so a replay is recognised.
 */
export interface Story extends Omit<StoryInput, 'publishedAt'> {
  readonly publishedAt: string;
  readonly receivedAt: string;
  readonly fingerprint: string;
  readonly killedAt?: string;
  /** The credential that sent this take (`admin` for the deployment's own token). */
  readonly writtenBy?: string;
  /** The credential that killed it. */
  readonly killedBy?: string;
  /**
   * The credential that created it, which owns it: only it, an editor over the story's scope or
   * the admin may change it (credentials/story-access.ts). Kept across versions.
   */
  readonly ownedBy?: string;
  /**
   * When the admin released the id: the story is killed and owned by no one, and the next take
   * of any version, from any credential in scope, claims it afresh.
   */
  readonly releasedAt?: string;
  /**
   * The sanitiser policy (`CLEAN_HTML_POLICY`) `bodyHtml` was cleaned under at ingest; absent
   * when the body did not come through `parseStoryInput`, so the renderer cleans it again.
   */
  readonly bodyCleanedBy?: string;
}

/** One feed a story belongs to; `region` is `*` for "every configured region". */
export interface FeedRef {
  readonly region: string;
  readonly channel: Channel;
}

/**
 * Validates and cleans a native JSON story. Throws ValidationError naming every bad field,
 * including regions that are not configured. A wire story needs its body, except a `brief`: a
 * ninjs text item sent without one (a flash or a teaser), which is published with its headline,
 * summary and link.
 */
export function parseStoryInput(
  input: unknown,
  knownRegions: readonly string[],
  options: { readonly brief?: boolean } = {},
): StoryInput {
  const result = storyInputSchema.safeParse(input);
  // Never `push(...list)`: a list of 130,000 issues overflows the call stack.
  const issues: Issue[] = (result.success ? [] : result.error.issues.flatMap(toIssues)).concat(
    unknownRegions(input, knownRegions),
    options.brief ? [] : missingWireBody(input),
  );
  if (result.success) {
    const bytes = Buffer.byteLength(JSON.stringify(result.data));
    if (bytes > LIMITS.storyBytes) {
      issues.push({ path: '', message: `story is ${bytes} bytes; at most ${LIMITS.storyBytes}` });
    }
  }
  if (!result.success || issues.length > 0) {
    throw new ValidationError('the story is invalid', issues);
  }
  if (result.data.bodyHtml !== undefined) cleanedInputs.add(result.data);
  return result.data;
}

/** Inputs whose body the schema cleaned with `cleanHtml`: only these are stamped as cleaned. */
const cleanedInputs = new WeakSet<StoryInput>();

function toIssues(issue: z.core.$ZodIssue): Issue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'is not a story field',
    }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

function missingWireBody(input: unknown): Issue[] {
  const story = input as { channel?: unknown; bodyHtml?: unknown } | null;
  const body = story?.bodyHtml;
  // A body of the wrong type is already named by the schema.
  return story?.channel === 'wire' &&
    (body === undefined || (typeof body === 'string' && !body.trim()))
    ? [{ path: 'bodyHtml', message: 'is required for wire stories' }]
    : [];
}

function unknownRegions(input: unknown, knownRegions: readonly string[]): Issue[] {
  const regions = (input as { regions?: unknown } | null)?.regions;
  if (!Array.isArray(regions)) return [];
  const known = new Set(knownRegions);
  return regions.flatMap((region, index) =>
    typeof region === 'string' && region !== '*' && !known.has(region)
      ? [{ path: `regions[${index}]`, message: `unknown region "${region}"` }]
      : [],
  );
}

/** A stable digest of a take's content: equal for a byte-identical replay, different otherwise. */
export function fingerprintOf(input: StoryInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('base64url');
}

/**
 * Resolves the stored story from a new take and the one stored before it: the first-published
 * date is kept, the updated date moves to `now` when the sender gives none.
 */
export function resolveStory(input: StoryInput, previous: Story | undefined, now: Date): Story {
  const nowIso = now.toISOString();
  const publishedAt = previous?.publishedAt ?? input.publishedAt ?? nowIso;
  const updatedAt = input.updatedAt ?? (previous ? nowIso : undefined);
  return withoutUndefined({
    ...input,
    publishedAt,
    updatedAt,
    receivedAt: nowIso,
    fingerprint: fingerprintOf(input),
    bodyCleanedBy: cleanedInputs.has(input) ? CLEAN_HTML_POLICY : undefined,
  });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
