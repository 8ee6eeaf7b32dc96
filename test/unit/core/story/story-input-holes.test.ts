import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../lambdas/core/errors.js';
import { parseStoryInput } from '../../../../lambdas/core/story/story.js';
import { localStoryJson, wireStoryJson } from '../../../fixtures/story-input.js';

const regions = ['okanagan', 'shuswap'];

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseStoryInput(input, regions);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

const withBody = (bodyHtml: string) => wireStoryJson({ bodyHtml });

describe('story ids', () => {
  it.each(['.', '..'])('refuses the id %j, which no URL path can name', (id) => {
    expect(issuesOf(localStoryJson({ id })).map((i) => i.path)).toEqual(['id']);
  });

  it('still accepts ids that merely contain dots', () => {
    for (const id of ['...', '.a', 'a..b', 'urn:agency:2026.11.25']) {
      expect(issuesOf(localStoryJson({ id })), id).toEqual([]);
    }
  });
});

describe('bodies cut short by an unclosed tag', () => {
  it.each([
    ['an unclosed script', '<p>First.</p><script>track()<p>Second paragraph.</p>', '<script>'],
    ['an unclosed textarea', '<p>First.</p><textarea><p>Second paragraph.</p>', '<textarea>'],
    ['an unclosed form', '<p>First.</p><form><p>Second paragraph.</p>', '<form>'],
    ['an unterminated tag', '<p>First <a href="https://x.example/>Second paragraph.</p>', 'tag'],
    ['an unclosed comment', '<p>First.</p><!-- note <p>Second paragraph.</p>', 'comment'],
  ])('refuses a body ending inside %s, saying what would be lost', (_, body, what) => {
    const issues = issuesOf(withBody(body));
    expect(issues.map((i) => i.path)).toEqual(['bodyHtml']);
    expect(issues[0]?.message).toContain(what);
    expect(issues[0]?.message).toMatch(/character \d+/);
  });

  it('accepts closed dropped elements, unclosed ordinary ones and empty unclosed ones', () => {
    for (const body of [
      '<p>First.</p><script>track()</script><p>Second.</p>',
      '<p>First.</p><!-- note --><p>Second.</p>',
      '<p>First <b>and unclosed',
      '<p>First.</p><video src="https://x.example/v.mp4">',
      '<p>A &lt; B, and a < b</p>',
    ]) {
      expect(issuesOf(withBody(body)), body).toEqual([]);
    }
  });
});
