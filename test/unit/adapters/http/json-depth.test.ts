import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, tooDeepPath } from '../../../../lambdas/adapters/http/json-depth.js';

/** A body whose innermost container is `depth` levels deep (the body itself is level 1). */
function body(depth: number): unknown {
  let value: unknown = { leaf: 'text' };
  for (let level = 1; level < depth; level++) value = level % 2 ? [value] : { inner: value };
  return value;
}

describe('tooDeepPath', () => {
  it('lets a body nest exactly the bound deep', () => {
    expect(tooDeepPath(body(MAX_JSON_DEPTH))).toBeUndefined();
    expect(tooDeepPath({ a: 1, b: 'two', c: null, d: [] })).toBeUndefined();
    expect(tooDeepPath('just text')).toBeUndefined();
  });

  it('names the path of the first container past the bound', () => {
    const path = tooDeepPath(body(MAX_JSON_DEPTH + 1));
    expect(path).toContain('inner[0].inner');
    expect(path?.split(/\.|\[/).filter(Boolean)).toHaveLength(MAX_JSON_DEPTH);
    expect(tooDeepPath({ ok: 1, deep: body(MAX_JSON_DEPTH) })).toMatch(/^deep/);
  });

  it('checks a 100,000-deep list without overflowing its own stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(tooDeepPath(deep)).toBe('[0]'.repeat(MAX_JSON_DEPTH));
  });
});
