import { describe, expect, it } from 'vitest';
import { parseSiteContext } from '../../lib/site-context.js';
import { cdkJsonContext } from './stack-fixture.js';

describe('parseSiteContext', () => {
  const dateline = cdkJsonContext().dateline;

  it('validates the cdk.json object', () => {
    expect(parseSiteContext(dateline).regions.map((r) => r.slug)).toContain('okanagan');
  });

  it('parses a JSON string, as `cdk deploy -c dateline=…` passes it', () => {
    expect(parseSiteContext(JSON.stringify(dateline))).toEqual(parseSiteContext(dateline));
  });

  it('says so when the context is missing', () => {
    expect(() => parseSiteContext(undefined)).toThrow(/context "dateline" is missing/);
  });

  it('says so when a string is not JSON', () => {
    expect(() => parseSiteContext('{title:')).toThrow(/context "dateline" is not JSON/);
  });

  it('names the bad field', () => {
    expect(() => parseSiteContext({ ...(dateline as object), baseUrl: 'news' })).toThrow(/baseUrl/);
  });
});
