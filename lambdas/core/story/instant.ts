/**
 * Instants as Dateline stores them: ISO 8601 UTC strings of fixed width
 * (`2026-11-25T20:37:09.000Z`), so years 0001–9999 only. `toISOString()` writes years outside
 * that range as `+010000-…` or `-000001-…`, which sort wrongly as text and render as nonsense in
 * feeds; they are refused at the edge, and every comparison here is by time, never by text.
 */
export const MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
export const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** Milliseconds since the epoch, or NaN for anything that is not a date. */
export function timeOf(value: string): number {
  return Date.parse(value);
}

/** True for a time that `toISOString()` writes as a fixed-width year 0001–9999 string. */
export function isStorableTime(time: number): boolean {
  return Number.isFinite(time) && time >= MIN_TIME && time <= MAX_TIME;
}

/** `a` is strictly later than `b`, by time; false when either is not a date. */
export function isAfter(a: string, b: string): boolean {
  return timeOf(a) > timeOf(b);
}

/** `a` is at or before `b`, by time; false when either is not a date. */
export function isAtOrBefore(a: string, b: string): boolean {
  return timeOf(a) <= timeOf(b);
}
