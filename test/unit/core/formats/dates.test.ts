import { describe, expect, it } from 'vitest';
import {
  latestOf,
  midnightOf,
  toInstant,
  toRfc822,
  toRfc3339,
} from '../../../../lambdas/core/formats/dates.js';

describe('dates', () => {
  it('formats RFC 822 with a numeric +0000 zone, not GMT', () => {
    expect(toRfc822('2026-11-25T20:37:09.000Z')).toBe('Wed, 25 Nov 2026 20:37:09 +0000');
  });

  it('pads single-digit days in RFC 822', () => {
    expect(toRfc822('2026-03-01T04:05:06.000Z')).toBe('Sun, 01 Mar 2026 04:05:06 +0000');
  });

  it('formats RFC 3339 in UTC, dropping zero milliseconds only', () => {
    expect(toRfc3339('2026-11-25T20:37:09.000Z')).toBe('2026-11-25T20:37:09Z');
    expect(toRfc3339('2026-11-25T20:37:09.250Z')).toBe('2026-11-25T20:37:09.250Z');
  });

  it('normalises instants with offsets and refuses garbage', () => {
    expect(toInstant('2026-11-25T12:37:09-08:00')).toBe('2026-11-25T20:37:09.000Z');
    expect(toInstant('not a date')).toBeUndefined();
    expect(toInstant(undefined)).toBeUndefined();
  });

  it('compares instants by time, not by text', () => {
    expect(latestOf(['2026-11-25T20:00:00.000Z', '2026-11-25T21:00:00Z'])).toBe(
      '2026-11-25T21:00:00Z',
    );
    expect(latestOf([])).toBeUndefined();
  });

  it('gives midnight UTC of a calendar date', () => {
    expect(midnightOf('2026-01-01')).toBe('2026-01-01T00:00:00.000Z');
  });
});
