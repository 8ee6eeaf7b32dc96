import { describe, expect, it } from 'vitest';
import { parseCredentialInput } from '../../../../lambdas/core/credentials/credential-input.js';
import { ADMIN, assertMayReadStats } from '../../../../lambdas/core/credentials/scope.js';
import { ForbiddenError } from '../../../../lambdas/core/errors.js';

const desk = { name: 'desk', admin: false, channels: ['*'], regions: ['*'] };

describe('assertMayReadStats', () => {
  it('lets the admin and a credential with the stats ability read the audience', () => {
    expect(() => assertMayReadStats(ADMIN)).not.toThrow();
    expect(() => assertMayReadStats({ ...desk, abilities: ['stats'] })).not.toThrow();
  });

  it('refuses any other credential, editors included, naming it', () => {
    let refusal: unknown;
    try {
      assertMayReadStats({ ...desk, abilities: ['edit'] });
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect((refusal as ForbiddenError).issues).toEqual([
      { path: 'credential', message: '"desk" has no "stats" ability' },
    ]);
  });
});

describe('the stats ability in a new credential', () => {
  it('is accepted beside edit, sorted and once', () => {
    const input = parseCredentialInput(
      { name: 'analyst', channels: ['*'], regions: ['*'], abilities: ['stats', 'edit'] },
      ['okanagan'],
      new Date('2026-12-05T00:00:00Z'),
    );

    expect(input.abilities).toEqual(['edit', 'stats']);
  });
});
