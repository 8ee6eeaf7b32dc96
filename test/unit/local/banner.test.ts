import { describe, expect, it } from 'vitest';
import { formatBanner, shellWord } from '../../../lambdas/local/banner.js';
import { sampleSite } from '../../fixtures/site.js';

const app = { url: 'http://localhost:3000', token: 'abc_DEF-123', seeded: 12 };

describe('formatBanner', () => {
  it('prints an export line for the token and curl commands that use it', () => {
    const banner = formatBanner(app, { site: sampleSite }, 3100);

    expect(banner).toContain('\n  export DATELINE_TOKEN=abc_DEF-123\n');
    // The CLI hint below it reads DATELINE_URL: on any port but 3000 it needs this line.
    expect(banner).toMatch(/\n {2}export DATELINE_URL=http:\/\/localhost:\d+\n/);
    expect(banner).toContain('-H "Authorization: Bearer $DATELINE_TOKEN"');
    expect(banner).not.toMatch(/Bearer abc_DEF/);
    expect(banner).toContain('http://localhost:3000/openapi.json');
  });

  it('posts the ninjs example to configured regions', () => {
    const banner = formatBanner(app, { site: sampleSite }, 3100);

    expect(banner).toContain(
      `/stories?channel=wire&regions=${sampleSite.regions[0]?.slug},${sampleSite.regions[1]?.slug}"`,
    );
  });
});

describe('shellWord', () => {
  it('leaves a plain token as it is', () => {
    expect(shellWord('3kqZ-_09')).toBe('3kqZ-_09');
  });

  it('quotes a token with characters the shell would read', () => {
    expect(shellWord(`it's$HOME;rm`)).toBe(`'it'\\''s$HOME;rm'`);
  });
});
