import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../lambdas/core/errors.js';
import { toInstant, toRfc822, toRfc3339 } from '../../../../lambdas/core/formats/dates.js';
import { toFeedItem } from '../../../../lambdas/core/formats/feed-item.js';
import { parseStoryInput, resolveStory, type Story } from '../../../../lambdas/core/story/story.js';
import { feedDateOf, isVisibleAt } from '../../../../lambdas/core/story/story-rules.js';
import { feedSite, NOW, wineryTeaser } from '../../../fixtures/stories.js';
import { localStoryJson, wireStoryJson } from '../../../fixtures/story-input.js';

const regions = ['okanagan', 'shuswap'];
const DATE_FIELDS = ['publishedAt', 'updatedAt', 'embargoUntil', 'expiresAt'] as const;

function pathsOf(input: unknown): string[] {
  try {
    parseStoryInput(input, regions);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
}

describe('story dates', () => {
  it.each(
    DATE_FIELDS.flatMap((field) => ['', ' ', '\t\n'].map((blank) => [field, blank] as const)),
  )('refuses a blank %s (%j) with one issue saying it is blank', (field, blank) => {
    try {
      parseStoryInput(wireStoryJson({ [field]: blank }), regions);
      expect.unreachable('a blank date was accepted');
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: field, message: 'must be a date-time, not blank' },
      ]);
    }
  });

  it.each(DATE_FIELDS)('refuses %s in year 10000 once its offset is applied', (field) => {
    const input = wireStoryJson({
      publishedAt: undefined,
      [field]: '9999-12-31T20:00:00-05:00',
    });
    expect(pathsOf(input)).toEqual([field]);
  });

  it.each(DATE_FIELDS)('refuses %s before year 0001 in UTC', (field) => {
    expect(
      pathsOf(wireStoryJson({ publishedAt: undefined, [field]: '0000-12-31T23:00:00Z' })),
    ).toEqual([field]);
    expect(
      pathsOf(wireStoryJson({ publishedAt: undefined, [field]: '0001-01-01T00:30:00+01:00' })),
    ).toEqual([field]);
  });

  it('accepts the first and last instants of years 0001 to 9999 and keeps them fixed-width', () => {
    const story = parseStoryInput(
      wireStoryJson({
        publishedAt: '0001-01-01T00:00:00Z',
        updatedAt: '9999-12-31T18:59:59-05:00',
        embargoUntil: '9999-12-31T23:59:59.999Z',
      }),
      regions,
    );
    expect(story.publishedAt).toBe('0001-01-01T00:00:00.000Z');
    expect(story.updatedAt).toBe('9999-12-31T23:59:59.000Z');
    expect(story.embargoUntil).toBe('9999-12-31T23:59:59.999Z');
  });

  it('names the field in the message', () => {
    try {
      parseStoryInput(wireStoryJson({ embargoUntil: '9999-12-31T20:00:00-05:00' }), regions);
      expect.unreachable('the far-future embargo must be refused');
    } catch (error) {
      expect((error as ValidationError).issues[0]?.message).toMatch(/0001.*9999/);
    }
  });

  it('checks expiresAt after publishedAt by instant, across offsets', () => {
    // 13:00Z is before 17:00Z, though "18:00+05:00" reads later than "19:00+02:00" minus two.
    expect(
      pathsOf(
        wireStoryJson({
          publishedAt: '2026-11-25T19:00:00+02:00',
          expiresAt: '2026-11-25T18:00:00+05:00',
        }),
      ),
    ).toEqual(['expiresAt']);
    // 10:00-08:00 is 18:00Z, after 17:00Z, though "10" sorts before "17" as text.
    expect(
      pathsOf(
        wireStoryJson({
          publishedAt: '2026-11-25T17:00:00Z',
          expiresAt: '2026-11-25T10:00:00-08:00',
        }),
      ),
    ).toEqual([]);
    expect(
      pathsOf(
        wireStoryJson({
          publishedAt: '2026-11-25T19:00:00+02:00',
          expiresAt: '2026-11-25T17:00:01Z',
        }),
      ),
    ).toEqual([]);
  });
});

describe('dates compared as instants', () => {
  // A story stored before dates were range-checked: its embargo is in year 10000.
  const legacy = (overrides: Partial<Story>): Story =>
    wineryTeaser({ publishedAt: '2026-11-25T18:00:00.000Z', ...overrides });

  it('takes a far-future embargo as the feed date and keeps the story out of feeds', () => {
    const story = legacy({ embargoUntil: '+010000-01-01T01:00:00.000Z' });
    expect(feedDateOf(story)).toBe('+010000-01-01T01:00:00.000Z');
    expect(isVisibleAt(story, NOW)).toBe(false);
  });

  it('does not treat a far-future expiry as already past', () => {
    const story = legacy({ expiresAt: '+010000-01-01T01:00:00.000Z' });
    expect(isVisibleAt(story, NOW)).toBe(true);
  });

  it('never renders a date outside years 0001-9999', () => {
    expect(toInstant('+010000-01-01T01:00:00.000Z')).toBeUndefined();
    expect(toInstant('-000001-12-31T19:00:00.000Z')).toBeUndefined();
    const item = toFeedItem(feedSite(), legacy({ updatedAt: '+010000-01-01T01:00:00.000Z' }));
    expect(item.updated).toBe('2026-11-25T18:00:00.000Z');
    expect(toRfc3339(item.updated)).toBe('2026-11-25T18:00:00Z');
    expect(toRfc822(item.updated)).toBe('Wed, 25 Nov 2026 18:00:00 +0000');
  });

  it('resolves a take whose dates were given with offsets to UTC instants', () => {
    const input = parseStoryInput(
      localStoryJson({ publishedAt: '2026-11-25T10:00:00-08:00' }),
      regions,
    );
    expect(resolveStory(input, undefined, NOW).publishedAt).toBe('2026-11-25T18:00:00.000Z');
  });
});
