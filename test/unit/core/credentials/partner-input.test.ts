import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePartnerInput } from '../../../../lambdas/core/credentials/partner-input.js';
import { ValidationError } from '../../../../lambdas/core/errors.js';

const rules = {
  feedIds: ['okanagan/local', 'okanagan/wire', 'interior-sports/local'],
  allowLoopbackHttp: false,
};
const valid = {
  name: 'smartnews',
  endpoint: 'https://hooks.example.net/dateline',
  feeds: ['okanagan/wire'],
};

function issuesOf(input: unknown, given = rules) {
  try {
    parsePartnerInput(input, given);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('accepted');
}

describe('parsePartnerInput', () => {
  it('accepts a named HTTPS endpoint and published feeds, a custom feed by its slug, sorted once each', () => {
    const input = parsePartnerInput(
      { ...valid, feeds: ['okanagan/wire', 'interior-sports', 'interior-sports/local'] },
      rules,
    );

    expect(input).toEqual({
      name: 'smartnews',
      endpoint: 'https://hooks.example.net/dateline',
      feeds: ['interior-sports/local', 'okanagan/wire'],
    });
  });

  it.each([
    ['http://hooks.example.net/x', 'must be https://'],
    ['ftp://hooks.example.net/x', 'must be https://'],
    ['/relative', 'must be an absolute https:// URL'],
    ['https://user:pw@hooks.example.net/x', 'must not carry a user name or password'],
    ['https://hooks.example.net/x#frag', 'must not have a #fragment'],
  ])('refuses the endpoint %s', (endpoint, message) => {
    expect(issuesOf({ ...valid, endpoint })).toEqual([{ path: 'endpoint', message }]);
  });

  it('allows http:// to the loopback interface only in local mode', () => {
    const local = { ...rules, allowLoopbackHttp: true };

    expect(parsePartnerInput({ ...valid, endpoint: 'http://127.0.0.1:9/x' }, local).endpoint).toBe(
      'http://127.0.0.1:9/x',
    );
    expect(parsePartnerInput({ ...valid, endpoint: 'http://localhost:9/x' }, local).endpoint).toBe(
      'http://localhost:9/x',
    );
    expect(issuesOf({ ...valid, endpoint: 'http://10.0.0.8/x' }, local)[0]?.path).toBe('endpoint');
    expect(issuesOf({ ...valid, endpoint: 'http://127.0.0.1:9/x' })[0]?.path).toBe('endpoint');
  });

  it('names every feed that is not published, an unknown field, a bad name and no feeds', () => {
    expect(issuesOf({ ...valid, feeds: ['okanagan/sports', 'atlantis'] })).toEqual([
      { path: 'feeds[0]', message: 'no feed "okanagan/sports" is published' },
      { path: 'feeds[1]', message: 'no feed "atlantis" is published' },
    ]);
    expect(issuesOf({ ...valid, secret: 'mine' })).toEqual([
      { path: 'secret', message: 'is not a partner field' },
    ]);
    expect(issuesOf({ ...valid, name: '..' })[0]?.path).toBe('name');
    expect(issuesOf({ ...valid, feeds: [] })).toEqual([
      { path: 'feeds', message: 'must name at least one feed' },
    ]);
  });

  it('answers any input with a partner or a ValidationError naming fields, never another error', () => {
    const field = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('https://a.example/x', 'http://127.0.0.1:1/', 'okanagan/wire', '', ' '),
    );
    const input = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        { name: field, endpoint: field, feeds: fc.oneof(field, fc.array(field, { maxLength: 4 })) },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(input, fc.boolean(), (value, loopback) => {
        try {
          const parsed = parsePartnerInput(value, { ...rules, allowLoopbackHttp: loopback });
          expect(parsed.feeds.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
