import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import type { FileRequest } from '../../../lambdas/local/local-instrument.js';
import { PUBLISHER_NICENESS } from '../../../lambdas/local/publisher-messages.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

/**
 * `npm start` and the bench publish in a worker thread of their own (the publisher's Lambdas on
 * AWS): the same handlers, driven by messages. Here over real HTTP, with the real clock.
 */
describe('local mode with the publisher in a worker thread', () => {
  let app: LocalApp;
  let dir: string;
  const requests: FileRequest[] = [];
  const metrics: string[] = [];
  let writeUnits = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dateline-thread-'));
    app = await startTestApp({
      dataDir: dir,
      publisherThread: true,
      instrument: {
        onFileRequest: (request) => requests.push(request),
        onMetric: (name) => metrics.push(name),
        onCapacity: (kind, units) => {
          if (kind === 'write') writeUnits += units;
        },
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes a posted story once settled, and tells the instrument from the thread', async () => {
    const id = `thread-${Date.now()}`;
    const publishedAt = new Date(Date.now() - 60_000).toISOString();
    const answer = await api(app, 'POST', '/stories', localStoryJson({ id, publishedAt }));
    expect(answer.status).toBe(201);
    await app.settled();
    const feed = await fetch(`${app.url}/feeds/okanagan/local.rss`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain(id);
    expect(requests).toContainEqual({ op: 'put', key: 'feeds/okanagan/local.rss' });
    expect(metrics).toContain('FeedsRendered');
    expect(writeUnits).toBeGreaterThan(0);
  });

  it('rebuilds every deleted file through POST /rebuild', async () => {
    const root = join(dir, 'feeds');
    const before = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.rss'));
    expect(before.length).toBeGreaterThan(0);
    await rm(root, { recursive: true, force: true });
    expect((await api(app, 'POST', '/rebuild')).status).toBe(202);
    await app.settled();
    const after = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.rss'));
    expect(after.sort()).toEqual(before.sort());
  });

  it.runIf(existsSync('/proc/thread-self'))(
    'runs the publisher at a lower CPU priority than the thread that answers the API',
    async () => {
      const niceOf = (task: string) =>
        Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
      const here = readlinkSync('/proc/thread-self').split('/').pop() as string;
      const tasks = readdirSync('/proc/self/task');
      const lowered = tasks.filter((task) => niceOf(task) >= PUBLISHER_NICENESS);
      expect(niceOf(here)).toBeLessThan(PUBLISHER_NICENESS);
      expect(lowered).toHaveLength(1);
    },
  );

  it('refuses a custom clock, which a worker thread cannot share', async () => {
    await expect(
      startTestApp({ publisherThread: true, clock: { now: () => new Date() } }),
    ).rejects.toThrow(/real clock/);
  });
});
