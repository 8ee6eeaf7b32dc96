import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, mustSkip } from '../../support/chromium.js';

const root = mkdtempSync(join(tmpdir(), 'dateline-chromium-'));

/** A folder on a fake PATH holding the named files (executable unless told otherwise). */
function binDir(name: string, files: Record<string, { executable: boolean }>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, { executable }] of Object.entries(files)) {
    writeFileSync(join(dir, file), '#!/bin/sh\n');
    chmodSync(join(dir, file), executable ? 0o755 : 0o644);
  }
  return dir;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH over anything on the PATH', () => {
    const own = join(binDir('own', { 'my-chrome': { executable: true } }), 'my-chrome');
    const path = binDir('path-a', { chromium: { executable: true } });

    expect(findChromium({ CHROMIUM_PATH: own, PATH: path }, 'linux')).toEqual({
      found: true,
      executablePath: own,
    });
  });

  it('reports a CHROMIUM_PATH that is not an executable file by name', () => {
    const lookup = findChromium({ CHROMIUM_PATH: join(root, 'nowhere'), PATH: '' }, 'linux');

    expect(lookup.found).toBe(false);
    expect(lookup.found || lookup.reason).toContain(`CHROMIUM_PATH is ${join(root, 'nowhere')}`);
  });

  it('takes chromium before chromium-browser before google-chrome, in PATH order', () => {
    const first = binDir('path-b', { 'google-chrome': { executable: true } });
    const second = binDir('path-c', { 'chromium-browser': { executable: true } });

    expect(findChromium({ PATH: [first, second].join(delimiter) }, 'linux')).toEqual({
      found: true,
      executablePath: join(second, 'chromium-browser'),
    });
  });

  it('passes over files that are not executable', () => {
    const dir = binDir('path-d', {
      chromium: { executable: false },
      'google-chrome': { executable: true },
    });

    expect(findChromium({ PATH: dir }, 'linux')).toEqual({
      found: true,
      executablePath: join(dir, 'google-chrome'),
    });
  });

  it('says in one line what it looked for and how to install a browser', () => {
    const lookup = findChromium({ PATH: binDir('empty', {}) }, 'linux');

    expect(lookup.found).toBe(false);
    const reason = lookup.found ? '' : lookup.reason;
    expect(reason).not.toContain('\n');
    expect(reason).toContain('chromium, chromium-browser, google-chrome on the PATH');
    expect(reason).toContain('apt-get install chromium');
    expect(reason).toContain('CHROMIUM_PATH');
  });
});

describe('mustSkip', () => {
  const missing = { found: false, reason: 'none' } as const;

  it('skips without a browser on a developer machine', () => {
    expect(mustSkip(missing, {})).toBe(true);
  });

  it('never skips in CI, so a missing browser fails there', () => {
    expect(mustSkip(missing, { CI: 'true' })).toBe(false);
    expect(mustSkip(missing, { CI: '1' })).toBe(false);
  });

  it('runs the checks whenever a browser is found', () => {
    expect(mustSkip({ found: true, executablePath: '/x/chromium' }, {})).toBe(false);
  });
});
