import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalApp } from '../../../lambdas/local/local-app.js';
import { sampleSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { readFeed } from '../support/feeds.js';
import { api, TEST_TOKEN, waitFor } from '../support/local-app.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('DATELINE_DATA_DIR', () => {
  it('keeps stories and feeds across a restart and seeds only a new store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dateline-data-'));
    dirs.push(dataDir);
    const start = () =>
      startLocalApp({
        site: sampleSite,
        port: 0,
        token: TEST_TOKEN,
        seed: true,
        dataDir,
        log: silent,
      });

    const first = await start();
    expect(first.seeded).toBeGreaterThan(0);
    const story = localStoryJson({
      id: 'kept-1',
      regions: ['kootenay'],
      publishedAt: new Date().toISOString(),
    });
    expect((await api(first, 'POST', '/stories', story)).status).toBe(201);
    await waitFor(async () =>
      (await readFeed(first, 'kootenay', 'local', 'json')).titles.includes(String(story.headline)),
    );
    const before = await readFeed(first, 'kootenay', 'local', 'rss');
    await first.stop();

    const second = await start();
    try {
      expect(second.seeded).toBe(0);
      expect((await api(second, 'GET', '/stories/kept-1')).status).toBe(200);
      expect((await api(second, 'GET', '/stories/sample-okanagan-winery-collab')).status).toBe(200);
      const after = await readFeed(second, 'kootenay', 'local', 'rss');
      expect(after.ids).toEqual(before.ids);
      expect((await api(second, 'POST', '/stories', story)).status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 300_000); // two JVM starts: a minute and more on a busy machine
});
