import { isStorableTime, timeOf } from '../story/instant.js';

/**
 * Date handling for the renderers. Stored dates are ISO 8601 UTC strings; every function here
 * is pure and total on valid instants, and `toInstant` turns anything else into `undefined`
 * so one bad stored date can never throw a whole feed away.
 */

/**
 * The instant as a normalised ISO string (`2026-11-25T20:37:09.000Z`), or undefined for
 * anything that is not a date in the years 0001–9999 (never `+010000-…` in a feed).
 */
export function toInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = timeOf(value);
  return isStorableTime(time) ? new Date(time).toISOString() : undefined;
}

/** RFC 822 as RSS wants it, with a numeric zone: `Wed, 25 Nov 2026 20:37:09 +0000`. */
export function toRfc822(instant: string): string {
  return new Date(instant).toUTCString().replace(/GMT$/, '+0000');
}

/** RFC 3339 in UTC, without fractional seconds when they are zero: `2026-11-25T20:37:09Z`. */
export function toRfc3339(instant: string): string {
  return new Date(instant).toISOString().replace(/\.000Z$/, 'Z');
}

/** The latest of some instants (by time, not by string), or undefined when there are none. */
export function latestOf(instants: Iterable<string>): string | undefined {
  let latest: string | undefined;
  for (const instant of instants) {
    if (latest === undefined || Date.parse(instant) > Date.parse(latest)) latest = instant;
  }
  return latest;
}

/** Midnight UTC of a calendar date (`2026-01-01` → `2026-01-01T00:00:00.000Z`). */
export function midnightOf(date: string): string {
  return `${date}T00:00:00.000Z`;
}
