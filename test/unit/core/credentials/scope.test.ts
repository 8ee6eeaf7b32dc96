import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  assertAdmin,
  assertInScope,
  isInScope,
  type Principal,
  scopeViolations,
} from '../../../../lambdas/core/credentials/scope.js';
import { ForbiddenError } from '../../../../lambdas/core/errors.js';

const okanaganDesk: Principal = {
  name: 'okanagan-desk',
  admin: false,
  channels: ['local'],
  regions: ['okanagan'],
};
const wireIngester: Principal = {
  name: 'wire-ingester',
  admin: false,
  channels: ['wire'],
  regions: ['*'],
};
const twoRegions: Principal = {
  name: 'interior',
  admin: false,
  channels: ['local', 'wire'],
  regions: ['okanagan', 'shuswap'],
};

function forbidden(run: () => void): ForbiddenError {
  try {
    run();
  } catch (error) {
    if (error instanceof ForbiddenError) return error;
    throw error;
  }
  throw new Error('expected a ForbiddenError');
}

describe('scopeViolations', () => {
  it('accepts a story whose channel and every region are in scope', () => {
    expect(scopeViolations(okanaganDesk, { channel: 'local', regions: ['okanagan'] })).toEqual([]);
    expect(
      scopeViolations(twoRegions, { channel: 'wire', regions: ['shuswap', 'okanagan'] }),
    ).toEqual([]);
  });

  it('names a channel outside the credential', () => {
    expect(scopeViolations(okanaganDesk, { channel: 'wire', regions: ['okanagan'] })).toEqual([
      {
        path: 'channel',
        message: 'channel "wire" is outside the credential\'s channels (local)',
      },
    ]);
  });

  it('names each region outside the credential, by index, even when others are in scope', () => {
    const issues = scopeViolations(okanaganDesk, {
      channel: 'local',
      regions: ['okanagan', 'shuswap', 'kootenay'],
    });
    expect(issues.map((i) => i.path)).toEqual(['regions[1]', 'regions[2]']);
    expect(issues[0]?.message).toContain('"shuswap"');
  });

  it('lets only an all-regions credential reach a story bound for every region', () => {
    expect(isInScope(twoRegions, { channel: 'wire', regions: ['*'] })).toBe(false);
    expect(scopeViolations(twoRegions, { channel: 'wire', regions: ['*'] })[0]?.message).toBe(
      'all regions ("*") needs an all-regions credential',
    );
    expect(isInScope(wireIngester, { channel: 'wire', regions: ['*'] })).toBe(true);
    expect(isInScope(wireIngester, { channel: 'wire', regions: ['kootenay'] })).toBe(true);
  });

  it('gives the wire ingester every region but no local stories', () => {
    expect(isInScope(wireIngester, { channel: 'local', regions: ['okanagan'] })).toBe(false);
  });

  it('gives the admin everything', () => {
    expect(isInScope(ADMIN, { channel: 'local', regions: ['*'] })).toBe(true);
    expect(isInScope(ADMIN, { channel: 'wire', regions: ['anywhere'] })).toBe(true);
  });

  it('prefixes the paths of a stored story', () => {
    expect(
      scopeViolations(okanaganDesk, { channel: 'local', regions: ['shuswap'] }, 'stored.'),
    ).toEqual([expect.objectContaining({ path: 'stored.regions[0]' })]);
  });
});

describe('assertInScope', () => {
  it('passes a story in scope', () => {
    expect(() =>
      assertInScope(okanaganDesk, 'write', { channel: 'local', regions: ['okanagan'] }),
    ).not.toThrow();
  });

  it('throws ForbiddenError naming the credential, the action and every violation', () => {
    const error = forbidden(() =>
      assertInScope(okanaganDesk, 'kill', { channel: 'wire', regions: ['shuswap'] }),
    );
    expect(error.message).toBe(
      'credential "okanagan-desk" may not kill this story: it is outside the credential\'s scope',
    );
    expect(error.issues.map((i) => i.path)).toEqual(['channel', 'regions[0]']);
  });

  it('refuses an update that would take over a story stored outside the scope', () => {
    const error = forbidden(() =>
      assertInScope(
        okanaganDesk,
        'update',
        { channel: 'local', regions: ['okanagan'] },
        { channel: 'local', regions: ['okanagan', 'shuswap'] },
      ),
    );
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: 'stored.regions[1]',
        message: expect.stringContaining('shuswap'),
      }),
    ]);
  });

  it('refuses an update that moves a story out of the scope', () => {
    const error = forbidden(() =>
      assertInScope(
        okanaganDesk,
        'update',
        { channel: 'local', regions: ['shuswap'] },
        { channel: 'local', regions: ['okanagan'] },
      ),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['regions[0]']);
  });
});

describe('assertAdmin', () => {
  it('lets the admin manage credentials and nobody else, however wide their scope', () => {
    expect(() => assertAdmin(ADMIN, 'create credentials')).not.toThrow();
    const error = forbidden(() => assertAdmin(wireIngester, 'create credentials'));
    expect(error.message).toBe('only the admin credential may create credentials');
    expect(() =>
      assertAdmin({ ...wireIngester, channels: ['*'], regions: ['*'] }, 'list credentials'),
    ).toThrow(ForbiddenError);
  });
});
