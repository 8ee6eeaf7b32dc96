import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp, TEST_TOKEN } from '../support/local-app.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
let app: LocalApp;
let dir: string;

/** Every public file under the feed folder (not the store's `.meta.json` sidecars), as bytes. */
async function publicFiles(): Promise<Map<string, Buffer>> {
  const root = join(dir, 'feeds');
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.meta.json')) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(root, path);
    if (name.startsWith('.') || name.includes('/.')) continue;
    files.set(name, await readFile(path));
  }
  return files;
}

async function post(body: Record<string, unknown>, expected = 201) {
  const response = await api(app, 'POST', '/stories', body);
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(expected);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-rebuild-'));
  app = await startTestApp({
    dataDir: dir,
    clock: { now: () => NOW },
    site: testSite({ itemsPerFeed: 3, archivePageSize: 2 }),
  });
  for (let n = 0; n < 12; n++) {
    await post(localStoryJson({ id: `rb-local-${n}`, publishedAt: ago(600 - n * 10) }));
    await post(
      wireStoryJson({
        id: `urn:wire:rb-${n}`,
        regions: n % 3 === 0 ? ['*'] : ['shuswap'],
        publishedAt: ago(590 - n * 10),
      }),
    );
  }
  await app.settled();
  // Late copy (onto an archive page), a kill of an archived story and of a live one, a story
  // withheld after it was seen, one expired, one still under embargo (no page at all).
  await post(localStoryJson({ id: 'rb-late', publishedAt: ago(2000) }));
  expect((await api(app, 'DELETE', '/stories/rb-local-1')).status).toBe(200);
  expect((await api(app, 'DELETE', '/stories/rb-local-11')).status).toBe(200);
  await post(
    {
      ...localStoryJson({ id: 'rb-local-5', publishedAt: ago(550) }),
      version: 2,
      status: 'withheld',
    },
    200,
  );
  await post(localStoryJson({ id: 'rb-expired', publishedAt: ago(300), expiresAt: ago(-1) }));
  await app.settled();
  await post(
    {
      ...localStoryJson({ id: 'rb-expired', publishedAt: ago(300), expiresAt: ago(-1) }),
      version: 2,
      expiresAt: ago(1),
    },
    200,
  );
  await post(localStoryJson({ id: 'rb-embargoed', publishedAt: ago(5), embargoUntil: ago(-60) }));
  await app.settled();
  await app.sweep(); // the sitemap files follow the stories at the sweep
});

afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('POST /rebuild', () => {
  it('restores every public file of an emptied folder, byte for byte', async () => {
    const before = await publicFiles();
    const names = [...before.keys()];
    // What the rebuild must bring back: archive pages, and pages of archived and withdrawn stories.
    expect(names).toContain('feeds/okanagan/local/archive/1.rss');
    expect(names).toContain('pages/rb-late.html');
    expect(names).toContain('pages/rb-local-0.html');
    expect(before.get('pages/rb-local-1.html')?.toString()).toContain('noindex');
    expect(before.get('pages/rb-local-5.html')?.toString()).toContain('noindex');
    expect(before.get('pages/rb-expired.html')?.toString()).toContain('noindex');
    expect(names).not.toContain('pages/rb-embargoed.html');
    expect(names).toEqual(expect.arrayContaining(['index.html', 'feeds.opml']));

    await rm(join(dir, 'feeds'), { recursive: true, force: true });
    expect((await fetch(`${app.url}/feeds/okanagan/local.rss`)).status).toBe(404);
    const response = await api(app, 'POST', '/rebuild');
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ outcome: 'started' });
    await app.settled();

    const after = await publicFiles();
    expect([...after.keys()].sort()).toEqual(names.sort());
    for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), name).toBe(true);
  });

  it('is what `dateline rebuild` starts', async () => {
    const before = await publicFiles();
    await rm(join(dir, 'feeds'), { recursive: true, force: true });
    const out: string[] = [];
    const code = await main(['rebuild'], {
      env: { ...process.env, DATELINE_URL: app.url, DATELINE_TOKEN: TEST_TOKEN },
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    await app.settled();

    expect(code).toBe(0);
    expect(out.join('\n')).toContain('Rebuild started');
    const after = await publicFiles();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  });

  it('is for the admin credential only', async () => {
    const created = await api(app, 'POST', '/credentials', {
      name: 'rebuild-desk',
      channels: ['local'],
      regions: ['okanagan'],
    });
    const { token } = (await created.json()) as { token: string };
    const refused = await fetch(`${app.url}/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(403);
    expect((await fetch(`${app.url}/rebuild`, { method: 'POST' })).status).toBe(401);
    const err: string[] = [];
    const code = await main(['rebuild'], {
      env: { ...process.env, DATELINE_URL: app.url, DATELINE_TOKEN: token },
      out: () => undefined,
      err: (line) => err.push(line),
    });
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^403 forbidden: only the admin credential may start a rebuild/);
  });
});
