import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { ninjs2Document } from '../../fixtures/ninjs.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, createDesk, startTestApp, TEST_TOKEN } from '../support/local-app.js';

const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let app: LocalApp;
let dir: string;
beforeAll(async () => {
  app = await startTestApp();
  dir = await mkdtemp(join(tmpdir(), 'dateline-cli-'));
});
afterAll(async () => {
  await app?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The client's main function in this process, talking to the local server over real HTTP. */
async function dateline(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: { ...process.env, DATELINE_URL: app.url, DATELINE_TOKEN: TEST_TOKEN, ...env },
    out: (line) => {
      stdout += `${line}\n`;
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
  });
  return { code, stdout, stderr };
}

/**
 * The client as a user runs it: a child process (Node with tsx's loader, seconds apiece on a
 * busy machine), so only the tests of the process boundary itself use it.
 */
async function datelineProcess(
  args: string[],
  command: { file: string; prefix: string[] } = {
    file: process.execPath,
    prefix: ['bin/dateline.js'],
  },
): Promise<Result> {
  try {
    const { stdout, stderr } = await run(command.file, [...command.prefix, ...args], {
      env: { ...process.env, DATELINE_URL: app.url, DATELINE_TOKEN: TEST_TOKEN },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

// The two process tests run side by side: each starts Node with tsx's loader.
describe('the dateline command as a process', { concurrent: true, timeout: 180_000 }, () => {
  it('resolves from the repository root through npx and prints help', async () => {
    const result = await datelineProcess(['--help'], {
      file: 'npx',
      prefix: ['--no', '--', 'dateline'],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: dateline <command>');
    expect(result.stdout).toContain('credentials create NAME');
  });

  it('writes answers to stdout, refusals to stderr, and exits with the code main returns', async () => {
    const story = await file('process.json', localStoryJson({ id: 'cli-process' }));
    const [posted, unknown] = await Promise.all([
      datelineProcess(['post', story]),
      datelineProcess(['publish']),
    ]);
    expect(posted).toEqual({
      code: 0,
      stdout: `${story}: 201 created cli-process (version 1)\n`,
      stderr: '',
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('unknown command "publish"');
  });
});

describe('dateline', () => {
  it('waits out a 429 as its Retry-After asks and sends again, so every file lands', async () => {
    // A credential limited to 5 requests/s, bursts of 1: each file after the first is refused
    // once, with Retry-After: 1, before it goes through.
    const limited = await startTestApp({ rateLimit: { perSecond: 5, burst: 1 } });
    try {
      const token = await createDesk(limited, 'cli-burst');
      const paths = await Promise.all(
        [1, 2, 3].map((n) => file(`burst-${n}.json`, localStoryJson({ id: `cli-burst-${n}` }))),
      );
      const result = await dateline(['post', ...paths], {
        DATELINE_URL: limited.url,
        DATELINE_TOKEN: token,
      });
      expect(result.stderr).toMatch(/POST \/stories: 429 too many requests; sending again in 1 s/);
      expect(result.stdout.match(/: 201 created cli-burst-\d/g)).toHaveLength(3);
      expect(result.code).toBe(0);
    } finally {
      await limited.stop();
    }
  });

  it('posts a file of 150 stories as two batches, a line per story, within a burst of 2', async () => {
    // One request per story would be refused from the third on (a token back every 10 s).
    const limited = await startTestApp({ rateLimit: { perSecond: 0.1, burst: 2 } });
    try {
      const token = await createDesk(limited, 'cli-batch');
      const stories = Array.from({ length: 150 }, (_, n) =>
        localStoryJson({ id: `cli-batch-${n}` }),
      );
      stories[7] = localStoryJson({ id: 'cli-batch-7', regions: ['atlantis'] });
      const path = await file('batch.json', stories);
      const result = await dateline(['post', path], {
        DATELINE_URL: limited.url,
        DATELINE_TOKEN: token,
      });
      expect(result.code).toBe(1);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(149);
      expect(lines[0]).toBe(`${path}[0]: 201 created cli-batch-0 (version 1)`);
      expect(lines.at(-1)).toBe(`${path}[149]: 201 created cli-batch-149 (version 1)`);
      expect(result.stderr).toContain(`${path}[7]: 400 validation_failed`);
      expect(result.stderr).toContain('regions[0]: unknown region "atlantis"');
      expect(result.stderr).not.toContain('429');
      expect((await api(limited, 'GET', '/stories/cli-batch-149')).status).toBe(200);
      expect((await api(limited, 'GET', '/stories/cli-batch-7')).status).toBe(404);
    } finally {
      await limited.stop();
    }
  });

  it('creates, lists and revokes a credential; its token works until revoked', async () => {
    const created = await dateline([
      'credentials',
      'create',
      'cli-desk',
      '--channels',
      'local',
      '--regions',
      'okanagan',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^cli-desk\.[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only this once');

    const listed = await dateline(['credentials', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME\s+CHANNELS\s+REGIONS\s+CREATED\s+EXPIRES$/m);
    expect(listed.stdout).toMatch(/^cli-desk\s+local\s+okanagan\s+\S+\s+never$/m);
    expect(listed.stdout).not.toContain(token.split('.')[1]);

    const story = await file('desk.json', localStoryJson({ id: 'cli-story' }));
    const posted = await dateline(['post', story], { DATELINE_TOKEN: token });
    expect(posted).toMatchObject({ code: 0 });
    expect(posted.stdout).toBe(`${story}: 201 created cli-story (version 1)\n`);

    expect((await dateline(['credentials', 'revoke', 'cli-desk'])).code).toBe(0);
    const refused = await dateline(['post', story], { DATELINE_TOKEN: token });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('401 unauthorized');
  });

  it('posts JSON and ninjs files, one line per story, and exits 1 naming what was refused', async () => {
    const good = await file('many.json', [
      localStoryJson({ id: 'cli-a' }),
      localStoryJson({ id: 'cli-b', regions: ['atlantis'] }),
    ]);
    const ninjs = await file('agency.ninjs.json', ninjs2Document({ uri: 'urn:cli:ninjs:1' }));
    const result = await dateline(['post', good, ninjs, '--regions', 'okanagan']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${good}[0]: 201 created cli-a`);
    expect(result.stdout).toMatch(/agency\.ninjs\.json: 201 created \S+ \(version/);
    expect(result.stderr).toContain(`${good}[1]: 400 validation_failed`);
    expect(result.stderr).toContain('regions[0]: unknown region "atlantis"');
    expect((await api(app, 'GET', '/stories/cli-a')).status).toBe(200);
  });

  it('names its own --regions flag, not the query string, when a ninjs post has no regions', async () => {
    const ninjs = await file('no-regions.ninjs.json', ninjs2Document({ uri: 'urn:cli:ninjs:2' }));
    const result = await dateline(['post', ninjs]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--regions: name the regions, e.g. --regions okanagan,shuswap');
    expect(result.stderr).not.toMatch(/query\.regions|\?regions=/);
  });

  it('shows the 403 and what is out of scope for a scoped token', async () => {
    const token = (
      await dateline([
        'credentials',
        'create',
        'cli-scoped',
        '--channels',
        'local',
        '--regions',
        'shuswap',
      ])
    ).stdout.trim();
    const story = await file('okanagan.json', localStoryJson({ id: 'cli-out' }));
    const result = await dateline(['post', story], { DATELINE_TOKEN: token });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('403 forbidden');
    expect(result.stderr).toContain('regions[0]: region "okanagan" is outside');
    const list = await dateline(['credentials', 'list'], { DATELINE_TOKEN: token });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('only the admin credential may list credentials');
  });

  it('fails clearly without a token, with a bad command line, or with no server', async () => {
    const noToken = await dateline(['credentials', 'list'], { DATELINE_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('DATELINE_TOKEN is not set');
    const badFlag = await dateline(['credentials', 'create', 'x', '--colour', 'red']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--colour'");
    const missing = await dateline(['post', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const down = await dateline(['credentials', 'list'], { DATELINE_URL: 'http://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach http://127.0.0.1:1');
    const unknown = await dateline(['publish']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "publish"');
  });

  it('prints help for each command', async () => {
    const post = await dateline(['post', '--help']);
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Usage: dateline post FILE...');
    const credentials = await dateline(['credentials', '--help']);
    expect(credentials.stdout).toContain('dateline credentials revoke NAME');
  });
});
