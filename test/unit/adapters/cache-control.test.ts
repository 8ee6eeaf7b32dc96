import { describe, expect, it } from 'vitest';
import {
  cacheControlFor,
  FEED_MAX_AGE_SECONDS,
  STALE_IF_ERROR_SECONDS,
} from '../../../lambdas/adapters/cache-control.js';

describe('cacheControlFor', () => {
  it.each([
    'feeds/okanagan/wire.rss',
    'feeds/okanagan/wire.atom',
    'feeds/shuswap/local.json',
    'feeds/okanagan/wire.html',
    'feeds/okanagan/wire.rss.html',
    'feeds/okanagan/archive/wire-1.atom',
    'pages/harbour-dredging.html',
    'index.html',
    'feeds.opml',
  ])(
    'lets caches keep %s 5 s at most, stale for a minute at most, never while revalidating',
    (key) => {
      const header = cacheControlFor(key);
      const maxAge = Number(/max-age=(\d+)/.exec(header)?.[1]);
      expect(maxAge).toBe(FEED_MAX_AGE_SECONDS);
      expect(maxAge).toBeLessThanOrEqual(5);
      expect(header).not.toContain('stale-while-revalidate');
      expect(header).not.toContain('s-maxage');
      // Still served from the edge through a short S3 failure, but never a killed story for long.
      expect(Number(/stale-if-error=(\d+)/.exec(header)?.[1])).toBe(STALE_IF_ERROR_SECONDS);
      expect(STALE_IF_ERROR_SECONDS).toBeLessThanOrEqual(60);
    },
  );

  it('caches the stylesheets, which carry no story, for minutes', () => {
    expect(cacheControlFor('page.css')).toBe('public, max-age=300');
    expect(cacheControlFor('feed.xsl')).toBe('public, max-age=300');
  });
});
