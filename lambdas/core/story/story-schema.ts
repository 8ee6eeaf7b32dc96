import * as z from 'zod';
import { cleanHtml } from '../content/clean-html.js';
import { cleanLine, cleanText } from '../content/clean-text.js';
import { findCutShort } from '../content/cut-short.js';
import { isAbsoluteHttpUrl } from '../site-config.js';
import { isAtOrBefore, isStorableTime, timeOf } from './instant.js';

/** Limits that keep one story, its entries and its stream record well inside DynamoDB's 400 KB. */
export const LIMITS = {
  idLength: 200,
  headline: 400,
  summary: 2000,
  bodyBytes: 300_000,
  shortText: 500,
  contributors: 1000,
  correction: 2000,
  listItems: 50,
  /** Explicit regions per story; the transaction also holds the story and old entries (≤ 100). */
  regions: 32,
  storyBytes: 360_000,
} as const;

/** 1–200 safe characters, but never `.` or `..`, which no URL path can name. */
export const STORY_ID = /^(?!\.\.?$)[A-Za-z0-9._:-]{1,200}$/;

const line = (max: number) =>
  z
    .string()
    .transform(cleanLine)
    .pipe(z.string().max(max, `must be at most ${max} characters`));
const requiredLine = (max: number) =>
  z
    .string()
    .transform(cleanLine)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
const url = z.string().trim().refine(isAbsoluteHttpUrl, 'must be an absolute http(s) URL');
const instant = z.iso
  .datetime({
    offset: true,
    // A blank date is named as such; a date that is not one stops here (no year check after it).
    error: (issue) =>
      typeof issue.input === 'string' && issue.input.trim() === ''
        ? 'must be a date-time, not blank'
        : 'must be an RFC 3339 date-time with a time zone',
    abort: true,
  })
  .refine(
    (value) => isStorableTime(timeOf(value)),
    'must fall in the years 0001 to 9999 once converted to UTC',
  )
  .transform((value) => new Date(value).toISOString());

const bylineSchema = z.strictObject({
  name: requiredLine(LIMITS.shortText),
  title: line(LIMITS.shortText).optional(),
  url: url.optional(),
});

const imageSchema = z.strictObject({
  url,
  caption: line(LIMITS.summary).optional(),
  /** What the picture shows, for readers who cannot see it (`alt`); the caption is not repeated. */
  alt: line(LIMITS.summary).optional(),
  credit: line(LIMITS.shortText).optional(),
  width: z.int().min(1).max(100_000).optional(),
  height: z.int().min(1).max(100_000).optional(),
  type: z
    .string()
    .regex(/^image\/[a-z0-9.+-]+$/, 'must be an image media type such as image/jpeg')
    .optional(),
});

/** The native JSON story as a sender posts it (DESIGN.md §3), cleaned but without defaults. */
export const storyInputSchema = z
  .strictObject({
    id: z
      .string()
      .regex(STORY_ID, 'must be 1-200 of letters, digits, ".", "_", ":" and "-", not "." or ".."'),
    version: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
    channel: z.enum(['local', 'wire']),
    regions: z
      .array(z.string().min(1).max(64))
      .min(1, 'must name at least one region')
      .max(LIMITS.regions),
    headline: requiredLine(LIMITS.headline),
    summary: line(LIMITS.summary).optional(),
    bodyHtml: z
      .string()
      .refine(
        (s) => Buffer.byteLength(s) <= LIMITS.bodyBytes,
        `must be at most ${LIMITS.bodyBytes} bytes`,
      )
      .optional(),
    url: url.optional(),
    byline: z.array(bylineSchema).max(LIMITS.listItems).default([]),
    dateline: line(LIMITS.shortText).optional(),
    credit: line(LIMITS.shortText).optional(),
    contributors: line(LIMITS.contributors).optional(),
    correction: line(LIMITS.correction).optional(),
    categories: z.array(requiredLine(100)).max(LIMITS.listItems).default([]),
    image: imageSchema.optional(),
    publishedAt: instant.optional(),
    updatedAt: instant.optional(),
    embargoUntil: instant.optional(),
    expiresAt: instant.optional(),
    status: z.enum(['usable', 'withheld', 'canceled']).default('usable'),
    copyright: line(LIMITS.shortText).optional(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag')
      .optional(),
  })
  .superRefine((story, ctx) => {
    if (story.channel === 'local' && !story.summary) {
      ctx.addIssue({ code: 'custom', path: ['summary'], message: 'is required for local stories' });
    }
    if (story.channel === 'local' && !story.url) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required for local stories' });
    }
    const cutShort = story.bodyHtml === undefined ? undefined : findCutShort(story.bodyHtml);
    if (cutShort) ctx.addIssue({ code: 'custom', path: ['bodyHtml'], message: cutShort });
    if (story.regions.includes('*') && story.regions.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: '"*" must stand alone' });
    }
    if (story.expiresAt && story.publishedAt && isAtOrBefore(story.expiresAt, story.publishedAt)) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after publishedAt' });
    }
  })
  .transform((story) => ({
    ...story,
    regions: [...new Set(story.regions)],
    bodyHtml: story.bodyHtml === undefined ? undefined : cleanHtml(story.bodyHtml, story.url),
    categories: [...new Set(story.categories)],
    summary: story.summary === '' ? undefined : story.summary,
  }));

export type StoryInput = z.output<typeof storyInputSchema>;

/** Text of a field's path as the API reports it: `byline[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

export { cleanText };
