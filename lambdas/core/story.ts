import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { type Issue, ValidationError } from './errors.js';
import { isAfter, timeOf } from './instant.js';
import { formatPath, LIMITS, type StoryInput, storyInputSchema } from './story-schema.js';

export type Channel = 'local' | 'wire';
export const CHANNELS: readonly Channel[] = ['local', 'wire'];
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
}

/** One feed a story belongs to; `region` is `*` for "every configured region". */
export interface FeedRef {
  readonly region: string;
  readonly channel: Channel;
}

/**
 * Validates and cleans a native JSON story. Throws ValidationError naming every bad field,
 * including regions that are not configured.
 */
export function parseStoryInput(input: unknown, knownRegions: readonly string[]): StoryInput {
  const result = storyInputSchema.safeParse(input);
  // Never `push(...list)`: a list of 130,000 issues overflows the call stack.
  const issues: Issue[] = (result.success ? [] : result.error.issues.flatMap(toIssues)).concat(
    unknownRegions(input, knownRegions),
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
  return result.data;
}

function toIssues(issue: z.core.$ZodIssue): Issue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'is not a story field',
    }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
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
  });
}

/** A story's date in the feeds: the later of first publication and embargo. */
export function feedDateOf(story: Pick<Story, 'publishedAt' | 'embargoUntil'>): string {
  const { publishedAt, embargoUntil } = story;
  return embargoUntil && isAfter(embargoUntil, publishedAt) ? embargoUntil : publishedAt;
}

/** True while a story may be listed at all (not withheld, canceled or killed). */
export function isListable(story: Pick<Story, 'status' | 'killedAt'>): boolean {
  return story.status === 'usable' && story.killedAt === undefined;
}

/** True if the story is in its feeds at `now`: listable, past its embargo, before expiry. */
export function isVisibleAt(story: Story, now: Date): boolean {
  const at = now.getTime();
  const expired = story.expiresAt !== undefined && !(timeOf(story.expiresAt) > at);
  return isListable(story) && timeOf(feedDateOf(story)) <= at && !expired;
}

/**
 * True if readers could have seen the story by `at`: listable, its embargo lifted by then, and
 * not expired before it ever appeared. A story that leaves a feed unseen leaves no trace in it.
 */
export function hasBeenVisible(story: Story, at: Date): boolean {
  const appeared = timeOf(feedDateOf(story));
  const expired = story.expiresAt !== undefined && !(timeOf(story.expiresAt) > appeared);
  return isListable(story) && appeared <= at.getTime() && !expired;
}

/** The feeds a story belongs to (none once killed or withheld). */
export function feedRefsOf(story: Story): FeedRef[] {
  if (!isListable(story)) return [];
  return story.regions.map((region) => ({ region, channel: story.channel }));
}

/** Every concrete feed a set of refs touches, with `*` expanded to the configured regions. */
export function expandFeedRefs(refs: Iterable<FeedRef>, regions: readonly string[]): FeedRef[] {
  const keys = new Set<string>();
  for (const ref of refs) {
    for (const region of ref.region === '*' ? regions : [ref.region]) {
      keys.add(`${region}/${ref.channel}`);
    }
  }
  return [...keys].sort().map((key) => {
    const [region = '', channel] = key.split('/');
    return { region, channel: channel as Channel };
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
