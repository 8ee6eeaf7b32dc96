import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { startTestApp, TEST_TOKEN } from '../support/local-app.js';

const execute = promisify(execFile);
/** `npm run smoke -- ARGS` without npm's start-up: the same script, run by tsx. */
const run = (args: string[], token: string) =>
  execute(process.execPath, ['--import', 'tsx', 'smoke/run.ts', ...args], {
    env: { ...process.env, DATELINE_TOKEN: token },
    timeout: 150_000,
  });
/** Each test starts a Node process and polls feeds: slow on a busy machine, never timed. */
const SLOW = { timeout: 180_000 };
let app: LocalApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

// Side by side: each test is a Node process with tsx's loader, mostly waiting on the other.
describe('npm run smoke', { concurrent: true }, () => {
  it(
    'posts a story, sees it in all three formats, kills it and sees it gone, against local mode',
    SLOW,
    async () => {
      const { stdout } = await run(
        ['--api', `${app.url}/`, '--feeds', app.url, '--region', 'okanagan', '--timeout', '60'],
        TEST_TOKEN,
      );
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
        ok: boolean;
        storyId: string;
        visibleMs: Record<string, number>;
        goneMs: Record<string, number>;
      };
      expect(report.ok).toBe(true);
      expect(report.storyId).toMatch(/^smoke-\d+-[0-9a-f]{6}$/);
      expect(Object.keys(report.visibleMs).sort()).toEqual(['atom', 'json', 'rss']);
      expect(Object.keys(report.goneMs).sort()).toEqual(['atom', 'json', 'rss']);
      const stored = await fetch(`${app.url}/stories/${report.storyId}`, {
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      });
      expect(((await stored.json()) as { story: { killed: boolean } }).story.killed).toBe(true);
    },
  );

  it('fails with a message naming the refusal when the token is wrong', SLOW, async () => {
    const failed = run(
      ['--api', app.url, '--feeds', app.url, '--region', 'okanagan'],
      'not-the-token-0123456789',
    );
    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('smoke test failed: POST /stories answered 401'),
    });
  });
});
