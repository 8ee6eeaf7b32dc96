import { describe, expect, it } from 'vitest';
import { cacheControlFor, FEED_MAX_AGE_SECONDS } from '../../../lambdas/adapters/cache-control.js';

describe('cacheControlFor', () => {
  it.each(['feeds/okanagan/wire.rss', 'feeds/okanagan/wire.atom', 'feeds/shuswap/local.json'])(
    'lets caches keep %s a few seconds at most, and never serve it stale while revalidating',
    (key) => {
      const header = cacheControlFor(key);
      const maxAge = Number(/max-age=(\d+)/.exec(header)?.[1]);
      expect(maxAge).toBe(FEED_MAX_AGE_SECONDS);
      expect(maxAge).toBeLessThanOrEqual(5);
      expect(header).not.toContain('stale-while-revalidate');
      expect(header).not.toContain('s-maxage');
      // Still served from the edge if S3 answers with errors.
      expect(header).toContain('stale-if-error=');
    },
  );

  it('caches the directory pages, which change only with the configuration, for minutes', () => {
    expect(cacheControlFor('index.html')).toBe('public, max-age=300');
    expect(cacheControlFor('feed.xsl')).toBe('public, max-age=300');
  });
});
