import { describe, expect, it } from 'vitest';
import { parseHostedReader } from '../../../../../lambdas/core/use-cases/audience/hosted-reader.js';

describe('parseHostedReader', () => {
  it.each([
    [
      'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )',
      { reader: 'Feedly', subscribers: 462 },
    ],
    [
      'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
      { reader: 'Inoreader', subscribers: 114 },
    ],
    [
      'Feedbin feed-id:1697787 - 102 subscribers',
      { reader: 'Feedbin', subscribers: 102, feedId: '1697787' },
    ],
    [
      'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/1/x',
      { reader: 'NewsBlur', subscribers: 27 },
    ],
    [
      'Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=4f2a9c)',
      { reader: 'The Old Reader', subscribers: 1, feedId: '4f2a9c' },
    ],
    [
      'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)',
      { reader: 'BazQux', subscribers: 1 },
    ],
  ])('reads %s', (userAgent, expected) => {
    expect(parseHostedReader(userAgent)).toEqual(expected);
  });

  it('names an unknown service that reports subscribers by its product token', () => {
    expect(parseHostedReader('LakeFetch/2.0 (3 subscribers)')).toEqual({
      reader: 'LakeFetch',
      subscribers: 3,
    });
  });

  it.each([
    'NetNewsWire (RSS Reader; https://netnewswire.com/)',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (compatible; 12 subscribers)',
    '',
  ])('takes %j for an ordinary client', (userAgent) => {
    expect(parseHostedReader(userAgent)).toBeUndefined();
  });
});
