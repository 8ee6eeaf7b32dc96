import type { Issue } from '../../errors.js';
import { type Json, str } from './ninjs-json.js';

/**
 * The dates of a ninjs document, read by what they decide. An embargo and an expiry decide when
 * readers see a story: each is read as sent (a bare date as midnight UTC) and the story schema
 * refuses one it cannot read, naming it; a blank one is a fault too, never an absent one (read
 * as none, a blank embargo would publish the story at once, a blank expiry keep it for ever).
 * The creation stamps only order the feed: a date-time without a zone is read as UTC, and one
 * Dateline cannot read at all (IPTC's schemas leave their format unchecked) is ignored with a
 * warning, the story then dated by its arrival.
 */
export function readDates(doc: Json, major: number, warnings: Issue[]) {
  const stamp = (name: 'firstcreated' | 'versioncreated') => {
    const text = dateOf(doc[name]);
    if (text === undefined) return undefined;
    const zoned = ZONELESS.test(text) ? `${text}Z` : text;
    if (RFC_3339.test(zoned) && Number.isFinite(Date.parse(zoned))) return zoned;
    warnings.push({ path: spelled(name, major), message: IGNORED_DATE });
    return undefined;
  };
  const versionCreated = stamp('versioncreated');
  return {
    publishedAt: stamp('firstcreated') ?? versionCreated,
    updatedAt: versionCreated,
    embargoUntil: dateOf(doc.embargoed),
    expiresAt: dateOf(doc.expires),
  };
}

const IGNORED_DATE = 'ignored: not a date-time Dateline can read; the story is dated on arrival';
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The dates Dateline reads, by their 2.x names (3.x `embargoedUntil` is read as `embargoed`). */
const READ_DATES = new Set([
  'firstcreated',
  'versioncreated',
  'embargoed',
  'embargoeduntil',
  'expires',
]);

/** Blank or whitespace-only dates, each a fault at the path the sender spelled. */
export function blankDateIssues(doc: Json, major: number): Issue[] {
  return Object.entries(doc).flatMap(([key, value]) => {
    const name = major === 3 ? key.toLowerCase() : key;
    if (!READ_DATES.has(name) || typeof value !== 'string' || value.trim() !== '') return [];
    return [{ path: key, message: 'must be a date-time, not blank' }];
  });
}

/** A ninjs date: RFC 3339 as sent, a bare date as midnight UTC; the schema checks the rest. */
export function dateOf(value: unknown): string | undefined {
  const text = str(value)?.trim();
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
}

function spelled(name: string, major: number): string {
  return major === 3 ? name.replace('created', 'Created') : name;
}
