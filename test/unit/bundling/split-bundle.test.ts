import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALIASES } from '../../../lib/bundling/split-bundle.js';

const require = createRequire(import.meta.url);

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

/** The root folder and package.json of the package that holds `file`. */
function packageOf(file: string, name: string): { root: string; json: PackageJson } {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (json.name === name) return { root: dir, json };
    } catch {
      // No package.json here (or a nested one of another name): look further up.
    }
  }
  throw new Error(`no package.json of ${name} above ${file}`);
}

/** The major a caret, tilde or exact range asks for (`^10.1.0` → 10). */
function majorOf(range: string): number {
  const match = /^[\^~]?(\d+)(\.|$)/.exec(range.trim());
  if (!match) throw new Error(`unexpected range "${range}": teach this test to read it`);
  return Number(match[1]);
}

const sanitizeHtml = require.resolve('sanitize-html');
const sanitizer = packageOf(sanitizeHtml, 'sanitize-html');
const bundled = packageOf(ALIASES.htmlparser2, 'htmlparser2');

describe('SplitBundle aliases', () => {
  it('give sanitize-html an htmlparser2 of the major it declares', () => {
    const declared = sanitizer.json.dependencies?.htmlparser2 ?? '';
    expect(
      Number(bundled.json.version.split('.')[0]),
      `sanitize-html ${sanitizer.json.version} declares htmlparser2 ${declared}, the bundles alias ${bundled.json.version}`,
    ).toBe(majorOf(declared));
  });

  it('give sanitize-html the very htmlparser2 it resolves itself', () => {
    const own = createRequire(sanitizeHtml).resolve('htmlparser2');
    expect(packageOf(own, 'htmlparser2').root).toBe(bundled.root);
  });
});
