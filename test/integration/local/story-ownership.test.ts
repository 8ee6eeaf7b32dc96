import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp, TEST_TOKEN } from '../support/local-app.js';

/**
 * Issue 19's attacks, rerun over HTTP against local mode: a second desk in the same region and
 * channel reading, overwriting, killing or un-embargoing another desk's story; a desk undoing an
 * editor's kill; a squatted id; the existence oracle.
 */
let app: LocalApp;
let deskA: string;
let deskB: string;
let editor: string;
let shuswap: string;

beforeAll(async () => {
  app = await startTestApp();
  deskA = await createCredential({ name: 'desk-a', channels: ['local'], regions: ['okanagan'] });
  deskB = await createCredential({ name: 'desk-b', channels: ['local'], regions: ['okanagan'] });
  editor = await createCredential({
    name: 'okanagan-editor',
    channels: ['local'],
    regions: ['okanagan'],
    abilities: ['edit'],
  });
  shuswap = await createCredential({
    name: 'shuswap-desk',
    channels: ['local'],
    regions: ['shuswap'],
  });
});
afterAll(async () => {
  await app?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = Record<string, any>;

async function call(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function createCredential(body: Json): Promise<string> {
  const response = await api(app, 'POST', '/credentials', body);
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

const future = () => new Date(Date.now() + 3_600_000).toISOString();

async function embargoedStoryOfA(id: string): Promise<Json> {
  const sent = await call(deskA, 'POST', '/stories', {
    ...localStoryJson({ id, version: 1 }),
    embargoUntil: future(),
  });
  expect(sent.status).toBe(201);
  expect(sent.body.story.ownedBy).toBe('desk-a');
  return sent.body.story;
}

describe('story ownership', () => {
  it('hides an embargoed story from a second desk of the same scope exactly as an unknown id', async () => {
    await embargoedStoryOfA('own-read');
    const theirs = await call(deskB, 'GET', '/stories/own-read');
    const unknown = await call(deskB, 'GET', '/stories/own-read-never-sent');
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({
      ...unknown.body,
      error: { ...unknown.body.error, message: 'story "own-read" does not exist' },
    });
    expect(unknown.body.error.message).toBe('story "own-read-never-sent" does not exist');
    expect((await call(deskA, 'GET', '/stories/own-read')).status).toBe(200);
    expect((await call(editor, 'GET', '/stories/own-read')).status).toBe(200);
  });

  it("refuses a second desk's overwrite, and leaves the story as its owner sent it", async () => {
    await embargoedStoryOfA('own-write');
    const attack = await call(deskB, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-write', version: 2, headline: 'Hijacked' }),
    });
    expect(attack.status).toBe(403);
    expect(JSON.stringify(attack.body)).not.toContain('okanagan');
    const stored = await call(TEST_TOKEN, 'GET', '/stories/own-write');
    expect(stored.body.story).toMatchObject({ version: 1, writtenBy: 'desk-a' });
    expect(stored.body.visibility).toBe('embargoed');
  });

  it("refuses a second desk's kill as an unknown id, and the story lives on", async () => {
    await embargoedStoryOfA('own-kill');
    const attack = await call(deskB, 'DELETE', '/stories/own-kill');
    const unknown = await call(deskB, 'DELETE', '/stories/own-kill-never-sent');
    expect([attack.status, unknown.status]).toEqual([404, 404]);
    expect(attack.body.error.code).toBe(unknown.body.error.code);
    const stored = await call(deskA, 'GET', '/stories/own-kill');
    expect(stored.body.story.killed).toBe(false);
  });

  it('lets an editor over the scope update and kill a desk story', async () => {
    await embargoedStoryOfA('own-edit');
    const updated = await call(editor, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-edit', version: 2, headline: 'Edited' }),
      embargoUntil: future(),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.story).toMatchObject({ ownedBy: 'desk-a', writtenBy: 'okanagan-editor' });
    expect((await call(editor, 'DELETE', '/stories/own-edit')).status).toBe(200);
  });

  it('keeps a running embargo when a take omits it; only liftEmbargo lifts it early', async () => {
    const first = await embargoedStoryOfA('own-embargo');
    const omitted = await call(
      deskA,
      'POST',
      '/stories',
      localStoryJson({ id: 'own-embargo', version: 2 }),
    );
    expect(omitted.status).toBe(200);
    expect(omitted.body.visibility).toBe('embargoed');
    expect(omitted.body.story.embargoUntil).toBe(first.embargoUntil);
    const lifted = await call(deskA, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-embargo', version: 3 }),
      liftEmbargo: true,
    });
    expect(lifted.status).toBe(200);
    expect(lifted.body.visibility).toBe('visible');
    expect(lifted.body.story.embargoUntil).toBeUndefined();
  });

  it("refuses a second desk's liftEmbargo", async () => {
    await embargoedStoryOfA('own-lift');
    const attack = await call(deskB, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-lift', version: 2 }),
      liftEmbargo: true,
    });
    expect(attack.status).toBe(403);
    expect((await call(deskA, 'GET', '/stories/own-lift')).body.visibility).toBe('embargoed');
  });

  it("keeps an editor's kill against the owner's higher version until the admin un-kills it", async () => {
    await call(deskA, 'POST', '/stories', localStoryJson({ id: 'own-unkill', version: 1 }));
    expect((await call(editor, 'DELETE', '/stories/own-unkill')).status).toBe(200);
    const revive = await call(
      deskA,
      'POST',
      '/stories',
      localStoryJson({ id: 'own-unkill', version: 2 }),
    );
    expect(revive.status).toBe(409);
    expect((await call(deskA, 'GET', '/stories/own-unkill')).body.story.killed).toBe(true);
    const bySender = await call(deskA, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-unkill', version: 3 }),
      unkill: true,
    });
    expect(bySender.status).toBe(403);
    const byAdmin = await call(TEST_TOKEN, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-unkill', version: 3 }),
      unkill: true,
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.story).toMatchObject({ killed: false, ownedBy: 'desk-a' });
  });

  it("lets the owner's higher version bring back a story the owner killed", async () => {
    await call(deskA, 'POST', '/stories', localStoryJson({ id: 'own-self-kill', version: 1 }));
    expect((await call(deskA, 'DELETE', '/stories/own-self-kill')).status).toBe(200);
    const back = await call(
      deskA,
      'POST',
      '/stories',
      localStoryJson({ id: 'own-self-kill', version: 2 }),
    );
    expect(back.status).toBe(200);
    expect(back.body.story.killed).toBe(false);
  });

  it('lets any desk of the scope read a story once it is public, but not change it', async () => {
    await call(deskA, 'POST', '/stories', localStoryJson({ id: 'own-public', version: 1 }));
    expect((await call(deskB, 'GET', '/stories/own-public')).status).toBe(200);
    const kill = await call(deskB, 'DELETE', '/stories/own-public');
    expect(kill.status).toBe(403);
    expect(JSON.stringify(kill.body)).not.toContain('okanagan');
  });
});

describe('no squatting', () => {
  it('frees a squatted id at the maximum version by the admin release, for the rightful sender', async () => {
    const id = 'urn:agency:2026:ferry-strike';
    const squat = await call(deskB, 'POST', '/stories', {
      ...localStoryJson({ id, version: Number.MAX_SAFE_INTEGER }),
      embargoUntil: future(),
    });
    expect(squat.status).toBe(201);
    expect((await call(deskA, 'POST', '/stories', localStoryJson({ id, version: 1 }))).status).toBe(
      403,
    );
    const release = await call(TEST_TOKEN, 'DELETE', `/stories/${id}?release=true`);
    expect(release.status).toBe(200);
    expect(release.body.story).toMatchObject({ killed: true, releasedAt: expect.any(String) });
    expect(release.body.story.ownedBy).toBeUndefined();
    const rightful = await call(deskA, 'POST', '/stories', localStoryJson({ id, version: 1 }));
    expect(rightful.status).toBe(201);
    expect(rightful.body.story).toMatchObject({ version: 1, ownedBy: 'desk-a', killed: false });
    expect((await call(deskB, 'POST', '/stories', localStoryJson({ id, version: 9 }))).status).toBe(
      403,
    );
  });

  it('lets only the admin release an id', async () => {
    await call(deskA, 'POST', '/stories', localStoryJson({ id: 'own-release', version: 1 }));
    const attempt = await call(deskA, 'DELETE', '/stories/own-release?release=true');
    expect(attempt.status).toBe(403);
    expect((await call(deskA, 'GET', '/stories/own-release')).body.story.killed).toBe(false);
  });
});

describe('no existence oracle', () => {
  it('answers GET and DELETE of an id outside the scope exactly as an unknown id', async () => {
    await embargoedStoryOfA('own-oracle');
    for (const method of ['GET', 'DELETE']) {
      const stored = await call(shuswap, method, '/stories/own-oracle');
      const unknown = await call(shuswap, method, '/stories/own-oraclf');
      expect(stored.status).toBe(404);
      expect(JSON.stringify(stored.body).replace('own-oracle', 'X')).toBe(
        JSON.stringify(unknown.body).replace('own-oraclf', 'X'),
      );
    }
  });

  it("never names the stored story's regions when refusing a POST to its id", async () => {
    await embargoedStoryOfA('own-oracle-post');
    const refused = await call(shuswap, 'POST', '/stories', {
      ...localStoryJson({ id: 'own-oracle-post', version: 2, regions: ['shuswap'] }),
    });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('okanagan');
  });
});
