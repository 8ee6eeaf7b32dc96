import { describe, expect, it } from 'vitest';
import {
  classifyFeedRequest,
  feedFormatKey,
  parseFeedFormatKey,
} from '../../../../../lambdas/core/use-cases/audience/feed-request.js';

describe('classifyFeedRequest', () => {
  it.each([
    ['/feeds/okanagan/wire.rss', { feed: 'okanagan/wire', format: 'rss' }],
    ['feeds/shuswap/local.atom', { feed: 'shuswap/local', format: 'atom' }],
    ['/feeds/interior-sports/local.json', { feed: 'interior-sports/local', format: 'json' }],
  ])('finds the feed of %s', (path, expected) => {
    expect(classifyFeedRequest(path)).toEqual(expected);
  });

  it.each([
    '/feeds/okanagan/wire.html',
    '/feeds/okanagan/wire/archive/1.rss',
    '/feeds/okanagan/sports.rss',
    '/pages/story.html',
    '/',
    '/feeds.opml',
  ])('counts %s as no feed', (path) => {
    expect(classifyFeedRequest(path)).toBeUndefined();
  });

  it('keys a feed and format and reads the key back', () => {
    const key = feedFormatKey({ feed: 'okanagan/wire', format: 'rss' });

    expect(key).toBe('okanagan/wire.rss');
    expect(parseFeedFormatKey(key)).toEqual({ feed: 'okanagan/wire', format: 'rss' });
  });
});
