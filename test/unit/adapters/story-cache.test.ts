import { describe, expect, it } from 'vitest';
import { StoryCache } from '../../../lambdas/adapters/dynamodb/story-cache.js';
import type { Story } from '../../../lambdas/core/story.js';

const story = (id: string, body = 'x'): Story => ({ id, bodyHtml: body }) as Story;

describe('StoryCache', () => {
  it('hands back the very object held at that revision, and nothing at another', () => {
    const cache = new StoryCache(1_000_000);
    const a = story('a');

    cache.set(3, a);

    expect(cache.get('a', 3)).toBe(a);
    expect(cache.get('a', 4)).toBeUndefined();
    expect(cache.get('b', 3)).toBeUndefined();
  });

  it('keeps the newer revision when an older read arrives late', () => {
    const cache = new StoryCache(1_000_000);
    const newer = story('a');
    cache.set(5, newer);

    const kept = cache.set(4, story('a'));

    expect(cache.get('a', 5)).toBe(newer);
    expect(cache.get('a', 4)).toBeUndefined();
    expect(kept).not.toBe(newer);
  });

  it('answers the held object when the same revision is read again', () => {
    const cache = new StoryCache(1_000_000);
    const first = story('a');
    cache.set(1, first);

    expect(cache.set(1, story('a'))).toBe(first);
  });

  it('forgets the least recently used stories once over its byte budget', () => {
    // Each story costs about 2 KB plus two bytes a body character: three fit, four do not.
    const cache = new StoryCache(3 * (2048 + 2000));
    for (const id of ['a', 'b', 'c']) cache.set(1, story(id, 'x'.repeat(1000)));
    cache.get('a', 1);

    cache.set(1, story('d', 'x'.repeat(1000)));

    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
    expect(cache.get('d', 1)).toBeDefined();
  });
});
