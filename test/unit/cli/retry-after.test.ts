import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../../cli/api-client.js';

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('takes delay-seconds as they are', () => {
    expect(retryAfterSeconds('3', now)).toBe(3);
    expect(retryAfterSeconds(' 1 ', now)).toBe(1);
  });

  it('takes an HTTP-date as the seconds until it, rounded up', () => {
    expect(retryAfterSeconds('Sun, 06 Dec 2026 12:00:04 GMT', now)).toBe(4);
  });

  it('waits at least a second and at most a minute', () => {
    expect(retryAfterSeconds('0', now)).toBe(1);
    expect(retryAfterSeconds('Sun, 06 Dec 2026 11:00:00 GMT', now)).toBe(1);
    expect(retryAfterSeconds('3600', now)).toBe(60);
  });

  it('waits a second when the header is missing or unreadable', () => {
    expect(retryAfterSeconds(null, now)).toBe(1);
    expect(retryAfterSeconds('soon', now)).toBe(1);
  });
});
