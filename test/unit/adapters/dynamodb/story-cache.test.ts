import { describe, expect, it } from 'vitest';
import { StoryCache } from '../../../../lambdas/adapters/dynamodb/story-cache.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import { wineryTeaser } from '../../../fixtures/stories.js';

/** A story the cache sizes at exactly `bytes` (1024 overhead plus two bytes a character). */
function storyOf(id: string, bytes = 2048): Story {
  const text = 'x'.repeat((bytes - 1024) / 2);
  return wineryTeaser({ id, headline: text, summary: undefined, bodyHtml: undefined });
}

describe('StoryCache', () => {
  it('answers a story only at the revision it was kept at', () => {
    const cache = new StoryCache(10_000);
    const story = storyOf('a');
    cache.set(story, 3);
    expect(cache.get('a', 3)).toBe(story);
    expect(cache.get('a', 4)).toBeUndefined();
    expect(cache.get('a', undefined)).toBeUndefined();
    expect(cache.get('b', 3)).toBeUndefined();
  });

  it('says whether any revision of a story is kept', () => {
    const cache = new StoryCache(10_000);
    cache.set(storyOf('a'), 1);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
  });

  it('keeps only the latest revision set for a story', () => {
    const cache = new StoryCache(10_000);
    cache.set(storyOf('a'), 1);
    const newer = storyOf('a');
    cache.set(newer, 2);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('a', 2)).toBe(newer);
  });

  it('stays within its bytes, dropping the least recently used story first', () => {
    const cache = new StoryCache(3 * 2048);
    for (const id of ['a', 'b', 'c']) cache.set(storyOf(id), 1);
    cache.get('a', 1);
    cache.set(storyOf('d'), 1);
    expect(['a', 'b', 'c', 'd'].filter((id) => cache.has(id))).toEqual(['a', 'c', 'd']);
  });

  it('makes room for a larger story by dropping as many as it takes', () => {
    const cache = new StoryCache(3 * 2048);
    for (const id of ['a', 'b', 'c']) cache.set(storyOf(id), 1);
    cache.set(storyOf('big', 2 * 2048), 1);
    expect(['a', 'b', 'c', 'big'].filter((id) => cache.has(id))).toEqual(['c', 'big']);
  });

  it('does not keep a story larger than the bound, nor the revision kept before it', () => {
    const cache = new StoryCache(3000);
    cache.set(storyOf('a'), 1);
    cache.set(storyOf('a', 4096), 2);
    expect(cache.has('a')).toBe(false);
  });

  it('keeps nothing with a bound of 0', () => {
    const cache = new StoryCache(0);
    cache.set(storyOf('a'), 1);
    expect(cache.has('a')).toBe(false);
    expect(cache.get('a', 1)).toBeUndefined();
  });
});
