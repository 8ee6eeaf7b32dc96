import { describe, expect, it } from 'vitest';
import {
  CREDENTIAL_NAME,
  formatToken,
  hashSecret,
  isExpired,
  parseToken,
  publicCredential,
  secretMatches,
  tokensEqual,
} from '../../../../lambdas/core/credentials/credential.js';
import { parseCredentialInput } from '../../../../lambdas/core/credentials/credential-input.js';
import { ValidationError } from '../../../../lambdas/core/errors.js';

const SECRET = 'a'.repeat(22) + 'B-_'.repeat(7);
const now = new Date('2026-11-29T12:00:00Z');
const regions = ['okanagan', 'shuswap'];

function issuesOf(input: unknown): string[] {
  try {
    parseCredentialInput(input, regions, now);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('tokens', () => {
  it('round-trips <name>.<secret>, splitting at the last dot', () => {
    expect(SECRET).toHaveLength(43);
    expect(parseToken(formatToken('desk.okanagan', SECRET))).toEqual({
      name: 'desk.okanagan',
      secret: SECRET,
    });
  });

  it('refuses tokens that cannot be credential tokens', () => {
    for (const token of ['', SECRET, `.${SECRET}`, `desk.${SECRET}x`, `desk/x.${SECRET}`, 'a.b']) {
      expect(parseToken(token), token).toBeUndefined();
    }
  });

  it('matches a secret against its digest only', () => {
    const digest = hashSecret(SECRET);
    expect(digest).not.toContain(SECRET);
    expect(secretMatches(SECRET, digest)).toBe(true);
    expect(secretMatches(`${SECRET.slice(0, -1)}x`, digest)).toBe(false);
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
  });

  it('expires at expiresAt, not before', () => {
    expect(isExpired({}, now)).toBe(false);
    expect(isExpired({ expiresAt: '2026-11-29T12:00:00.001Z' }, now)).toBe(false);
    expect(isExpired({ expiresAt: '2026-11-29T12:00:00.000Z' }, now)).toBe(true);
  });

  it('never shows the digest', () => {
    const shown = publicCredential({
      name: 'x',
      channels: ['local'],
      regions: ['okanagan'],
      createdAt: now.toISOString(),
      secretHash: 'digest',
    });
    expect(shown).not.toHaveProperty('secretHash');
  });
});

describe('CREDENTIAL_NAME', () => {
  it('takes the story-id character set and refuses . and ..', () => {
    expect(CREDENTIAL_NAME.test('okanagan-desk')).toBe(true);
    expect(CREDENTIAL_NAME.test('ap:wire_2.0')).toBe(true);
    for (const bad of ['.', '..', '', 'a b', 'a/b', 'é', 'x'.repeat(65)]) {
      expect(CREDENTIAL_NAME.test(bad), bad).toBe(false);
    }
  });
});

describe('parseCredentialInput', () => {
  it('accepts a scoped credential and normalises its lists', () => {
    expect(
      parseCredentialInput(
        {
          name: 'interior',
          channels: ['wire', 'local', 'wire'],
          regions: ['shuswap', 'okanagan', 'shuswap'],
          expiresAt: '2027-01-01T00:00:00-08:00',
        },
        regions,
        now,
      ),
    ).toEqual({
      name: 'interior',
      channels: ['local', 'wire'],
      regions: ['shuswap', 'okanagan'],
      expiresAt: '2027-01-01T08:00:00.000Z',
    });
  });

  it('accepts "*" alone for all regions or all channels', () => {
    expect(
      parseCredentialInput({ name: 'wire', channels: ['wire'], regions: ['*'] }, regions, now)
        .regions,
    ).toEqual(['*']);
    expect(issuesOf({ name: 'w', channels: ['*', 'wire'], regions: ['*', 'okanagan'] })).toEqual([
      'channels: "*" must stand alone',
      'regions: "*" must stand alone',
    ]);
  });

  it('names every bad field', () => {
    expect(
      issuesOf({
        name: '../x',
        channels: [],
        regions: ['atlantis'],
        expiresAt: '2026-11-29T11:00:00Z',
        secret: 'mine',
      }),
    ).toEqual([
      expect.stringMatching(/^name: must be 1-64/),
      'channels: must name at least one channel',
      'secret: is not a credential field',
      'regions[0]: unknown region "atlantis"',
      'expiresAt: must be in the future',
    ]);
  });

  it.each(['admin', 'Admin', 'ADMIN', 'aDmIn'])('reserves the name %s', (name) => {
    expect(issuesOf({ name, channels: ['local'], regions: ['okanagan'] })).toEqual([
      'name: "admin" (in any case) is reserved for the admin credential',
    ]);
  });

  it('refuses an expiry that falls past the year 9999 once converted to UTC', () => {
    expect(
      issuesOf({
        name: 'desk',
        channels: ['local'],
        regions: ['okanagan'],
        expiresAt: '9999-12-31T23:59:59-05:00',
      }),
    ).toEqual(['expiresAt: must fall in the years 0001 to 9999 once converted to UTC']);
  });

  it('keeps the last storable instant as an expiry', () => {
    const input = { name: 'desk', channels: ['local'], regions: ['okanagan'] };
    expect(
      parseCredentialInput({ ...input, expiresAt: '9999-12-31T23:59:59Z' }, regions, now),
    ).toMatchObject({ expiresAt: '9999-12-31T23:59:59.000Z' });
  });

  it.each(['__proto__', 'constructor'])('reports a %s key as every other unknown key', (key) => {
    const body = `{"name":"desk","channels":["local"],"regions":["okanagan"],"${key}":{"x":1}}`;
    expect(issuesOf(JSON.parse(body))).toEqual([`${key}: is not a credential field`]);
  });

  it('takes the edit ability and refuses any other', () => {
    const input = { name: 'editor', channels: ['local'], regions: ['okanagan'] };
    expect(parseCredentialInput({ ...input, abilities: ['edit'] }, regions, now)).toMatchObject({
      abilities: ['edit'],
    });
    expect(issuesOf({ ...input, abilities: ['own'] })).toEqual([
      expect.stringMatching(/^abilities\[0\]: /),
    ]);
  });
});
