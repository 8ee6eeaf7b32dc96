import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../lambdas/core/errors.js';
import {
  fingerprintOf,
  parseStoryInput,
  resolveStory,
} from '../../../../lambdas/core/story/story.js';
import {
  expandFeedRefs,
  feedDateOf,
  feedRefsOf,
  isVisibleAt,
} from '../../../../lambdas/core/story/story-rules.js';
import { localStoryJson, wireStoryJson } from '../../../fixtures/story-input.js';

const regions = ['okanagan', 'shuswap'];

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseStoryInput(input, regions);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseStoryInput', () => {
  it('accepts a local teaser and normalises dates to UTC', () => {
    const story = parseStoryInput(
      localStoryJson({ publishedAt: '2026-11-25T10:00:00-08:00' }),
      regions,
    );
    expect(story.publishedAt).toBe('2026-11-25T18:00:00.000Z');
    expect(story.status).toBe('usable');
    expect(story.byline).toEqual([]);
  });

  it('names every invalid field at once', () => {
    const issues = issuesOf({
      id: 'bad id!',
      version: -1,
      channel: 'radio',
      regions: [],
      headline: '',
      url: '/relative',
    });
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(['channel', 'headline', 'id', 'regions', 'url', 'version']);
  });

  it('requires summary and url for local stories and a body for wire stories', () => {
    expect(
      issuesOf(localStoryJson({ summary: undefined, url: undefined })).map((i) => i.path),
    ).toEqual(['summary', 'url']);
    expect(issuesOf(wireStoryJson({ bodyHtml: '  ' })).map((i) => i.path)).toEqual(['bodyHtml']);
  });

  it('refuses unknown regions and unknown fields by name', () => {
    const issues = issuesOf(
      localStoryJson({ regions: ['okanagan', 'atlantis'], bodyHTML: '<p>x</p>' }),
    );
    expect(issues).toContainEqual({ path: 'regions[1]', message: 'unknown region "atlantis"' });
    expect(issues).toContainEqual({ path: 'bodyHTML', message: 'is not a story field' });
  });

  it('refuses "*" mixed with named regions', () => {
    expect(issuesOf(localStoryJson({ regions: ['*', 'okanagan'] })).map((i) => i.path)).toEqual([
      'regions',
    ]);
  });

  it('refuses dates without a time zone and non-http URLs', () => {
    const issues = issuesOf(
      localStoryJson({ publishedAt: '2026-11-25 10:00', url: 'javascript:alert(1)' }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['publishedAt', 'url']);
  });

  it('names nested byline fields with their index', () => {
    const issues = issuesOf(wireStoryJson({ byline: [{ name: 'A' }, { title: 'no name' }] }));
    expect(issues.map((i) => i.path)).toEqual(['byline[1].name']);
  });

  it('cleans text fields of XML-forbidden characters and folds whitespace', () => {
    const story = parseStoryInput(
      localStoryJson({ headline: ' Fire\u0000 hall\n\n opens \uFFFF' }),
      regions,
    );
    expect(story.headline).toBe('Fire hall opens');
  });

  it('sanitises body HTML and makes links absolute against the story url', () => {
    const story = parseStoryInput(
      wireStoryJson({
        url: 'https://gazette.example.org/wire/ferry/',
        bodyHtml:
          '<p onclick="x()">Hi <a href="../more">more</a><script>alert(1)</script></p><iframe src="https://evil.example"></iframe>',
      }),
      regions,
    );
    expect(story.bodyHtml).toBe(
      '<p>Hi <a href="https://gazette.example.org/wire/more">more</a></p>',
    );
  });

  it('refuses a body over the byte limit', () => {
    const issues = issuesOf(wireStoryJson({ bodyHtml: `<p>${'é'.repeat(200_000)}</p>` }));
    expect(issues.map((i) => i.path)).toEqual(['bodyHtml']);
  });
});

describe('resolveStory', () => {
  const input = parseStoryInput(localStoryJson({ publishedAt: undefined }), regions);

  it('dates a first take without publishedAt at its arrival', () => {
    const story = resolveStory(input, undefined, new Date('2026-11-25T20:00:00Z'));
    expect(story.publishedAt).toBe('2026-11-25T20:00:00.000Z');
    expect(story.updatedAt).toBeUndefined();
  });

  it('keeps the first publication and moves the updated date on a new take', () => {
    const first = resolveStory(input, undefined, new Date('2026-11-25T20:00:00Z'));
    const second = resolveStory({ ...input, version: 2 }, first, new Date('2026-11-25T21:00:00Z'));
    expect(second.publishedAt).toBe('2026-11-25T20:00:00.000Z');
    expect(second.updatedAt).toBe('2026-11-25T21:00:00.000Z');
  });

  it('fingerprints equal takes equally whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(input));
    expect(fingerprintOf({ ...input, headline: 'Other' })).not.toBe(fingerprintOf(input));
  });
});

describe('feed membership', () => {
  const now = new Date('2026-11-25T20:00:00Z');
  const base = resolveStory(parseStoryInput(localStoryJson(), regions), undefined, now);

  it('dates a story in feeds by the later of publication and embargo', () => {
    expect(
      feedDateOf({
        publishedAt: '2026-11-25T18:00:00.000Z',
        embargoUntil: '2026-11-26T00:00:00.000Z',
      }),
    ).toBe('2026-11-26T00:00:00.000Z');
    expect(feedDateOf({ publishedAt: '2026-11-25T18:00:00.000Z' })).toBe(
      '2026-11-25T18:00:00.000Z',
    );
  });

  it('hides embargoed, expired, withheld and killed stories', () => {
    expect(isVisibleAt(base, now)).toBe(true);
    expect(isVisibleAt({ ...base, embargoUntil: '2026-11-25T20:00:01.000Z' }, now)).toBe(false);
    expect(isVisibleAt({ ...base, expiresAt: '2026-11-25T20:00:00.000Z' }, now)).toBe(false);
    expect(isVisibleAt({ ...base, status: 'withheld' }, now)).toBe(false);
    expect(isVisibleAt({ ...base, killedAt: now.toISOString() }, now)).toBe(false);
  });

  it('lists no feeds for a killed story and expands "*" to every region', () => {
    expect(feedRefsOf({ ...base, killedAt: now.toISOString() })).toEqual([]);
    expect(
      expandFeedRefs(
        [
          { region: '*', channel: 'wire' },
          { region: 'okanagan', channel: 'wire' },
        ],
        regions,
      ),
    ).toEqual([
      { region: 'okanagan', channel: 'wire' },
      { region: 'shuswap', channel: 'wire' },
    ]);
  });
});
