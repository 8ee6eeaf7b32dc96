import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../../lambdas/adapters/dynamodb/client.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { sharedDynamoDbEndpoint } from '../support/dynamodb.js';
import { api, startTestApp } from '../support/local-app.js';

/** A clock the test can move forward, to expire credentials without waiting. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let app: LocalApp;
const tableName = `local-${randomUUID()}`;
beforeAll(async () => {
  app = await startTestApp({ clock, tableName });
});
afterAll(async () => {
  await app?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = Record<string, any>;

async function call(
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Json,
    headers: response.headers,
  };
}

async function createCredential(body: Json): Promise<string> {
  const response = await api(app, 'POST', '/credentials', body);
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function storyAsAdmin(id: string): Promise<Json> {
  return ((await (await api(app, 'GET', `/stories/${id}`)).json()) as Json).story;
}

describe('credentials API', () => {
  it('keeps credentials out of the stories table and its stream, in a table of their own', async () => {
    await createCredential({ name: 'kept-apart', channels: ['local'], regions: ['okanagan'] });
    const client = createDynamoDbClient({
      region: 'local',
      endpoint: await sharedDynamoDbEndpoint(),
    });
    const count = async (table: string) =>
      (
        await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: 'credential' } },
          }),
        )
      ).Count;
    try {
      expect(await count(tableName)).toBe(0);
      expect(await count(`${tableName}-credentials`)).toBeGreaterThan(0);
    } finally {
      client.destroy();
    }
  });

  it('creates a credential (201) whose token is shown once and never listed', async () => {
    const response = await api(app, 'POST', '/credentials', {
      name: 'listed-desk',
      channels: ['local'],
      regions: ['okanagan'],
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/credentials/listed-desk');
    const created = (await response.json()) as Json;
    expect(created.token).toMatch(/^listed-desk\.[A-Za-z0-9_-]{43}$/);
    expect(created.credential).toEqual({
      name: 'listed-desk',
      channels: ['local'],
      regions: ['okanagan'],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
    const list = await api(app, 'GET', '/credentials');
    expect(list.status).toBe(200);
    const text = await list.text();
    const secret = String(created.token).split('.').pop() ?? '';
    expect(text).not.toContain(secret);
    expect(text).not.toContain('secretHash');
    expect((JSON.parse(text) as Json).credentials).toContainEqual(created.credential);
  });

  it('refuses a taken name (409) and names every bad field (400)', async () => {
    await createCredential({ name: 'taken', channels: ['wire'], regions: ['*'] });
    const again = await api(app, 'POST', '/credentials', {
      name: 'taken',
      channels: ['wire'],
      regions: ['*'],
    });
    expect(again.status).toBe(409);
    const bad = await api(app, 'POST', '/credentials', {
      name: '..',
      channels: ['sports'],
      regions: ['atlantis'],
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as Json).error.details.map((d: Json) => d.path);
    expect(paths).toEqual(['name', 'channels[0]', 'regions[0]']);
  });

  it('lets only the admin manage credentials (403 for any other, however wide)', async () => {
    const wide = await createCredential({ name: 'wide', channels: ['*'], regions: ['*'] });
    for (const [method, path, body] of [
      ['POST', '/credentials', { name: 'sneaky', channels: ['*'], regions: ['*'] }],
      ['GET', '/credentials', undefined],
      ['DELETE', '/credentials/taken', undefined],
    ] as const) {
      const answer = await call(wide, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.message).toBe(
        `only the admin credential may ${method === 'POST' ? 'create' : method === 'GET' ? 'list' : 'revoke'} credentials`,
      );
    }
  });
});

describe('401: missing, malformed, unknown, revoked or expired credentials', () => {
  it('answers 401 with a Bearer challenge and the JSON error shape', async () => {
    const unknown = `Bearer nobody.${'A'.repeat(43)}`;
    for (const authorization of [
      undefined,
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      unknown,
    ]) {
      const response = await fetch(`${app.url}/stories/any`, {
        headers: authorization
          ? {
              authorization: authorization.startsWith('nobody')
                ? `Bearer ${authorization}`
                : authorization,
            }
          : {},
      });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(((await response.json()) as Json).error.code).toBe('unauthorized');
    }
  });

  it('refuses a wrong secret for a real name', async () => {
    const token = await createCredential({
      name: 'guessed',
      channels: ['local'],
      regions: ['okanagan'],
    });
    // The secret with its first character changed: always a different secret of the same shape.
    const secret = token.slice(token.indexOf('.') + 1);
    const wrong = `guessed.${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
    expect(wrong).not.toBe(token);
    expect((await call(wrong, 'GET', '/stories/any')).status).toBe(401);
  });

  it('stops a revoked token on its very next request', async () => {
    const token = await createCredential({
      name: 'revoked',
      channels: ['local'],
      regions: ['okanagan'],
    });
    expect((await call(token, 'GET', '/stories/none')).status).toBe(404);
    const revoke = await api(app, 'DELETE', '/credentials/revoked');
    expect(revoke.status).toBe(200);
    const after = await call(token, 'GET', '/stories/none');
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await api(app, 'DELETE', '/credentials/revoked')).status).toBe(404);
    expect((await api(app, 'GET', '/credentials')).status).toBe(200);
  });

  it('refuses an expired token, saying it expired', async () => {
    const expiresAt = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const token = await createCredential({
      name: 'expiring',
      channels: ['local'],
      regions: ['okanagan'],
      expiresAt,
    });
    expect((await call(token, 'GET', '/stories/none')).status).toBe(404);
    offsetMs = 2 * 60 * 60_000;
    try {
      const answer = await call(token, 'GET', '/stories/none');
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toBe(`credential "expiring" expired at ${expiresAt}`);
    } finally {
      offsetMs = 0;
    }
  });
});

describe('403: scoped credentials post, read and kill only inside their scope', () => {
  let desk: string;
  let wire: string;
  beforeAll(async () => {
    desk = await createCredential({
      name: 'okanagan-desk',
      channels: ['local'],
      regions: ['okanagan'],
    });
    wire = await createCredential({ name: 'wire-ingester', channels: ['wire'], regions: ['*'] });
  });

  it('posts, reads and kills in scope, recording which credential wrote and killed', async () => {
    const post = await call(desk, 'POST', '/stories', localStoryJson({ id: 'desk-1' }));
    expect(post.status).toBe(201);
    expect(post.body.story.writtenBy).toBe('okanagan-desk');
    const read = await call(desk, 'GET', '/stories/desk-1');
    expect(read.status).toBe(200);
    expect(read.body.story.writtenBy).toBe('okanagan-desk');
    const kill = await call(desk, 'DELETE', '/stories/desk-1');
    expect(kill.status).toBe(200);
    expect(kill.body.story).toMatchObject({ killed: true, killedBy: 'okanagan-desk' });
  });

  it('refuses a story outside the scope with 403 naming the channel and regions', async () => {
    const answer = await call(
      desk,
      'POST',
      '/stories',
      wireStoryJson({ id: 'desk-wire', regions: ['okanagan', 'shuswap'] }),
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    expect(answer.body.error.details).toEqual([
      { path: 'channel', message: 'channel "wire" is outside the credential\'s channels (local)' },
      {
        path: 'regions[1]',
        message: 'region "shuswap" is outside the credential\'s regions (okanagan)',
      },
    ]);
    expect((await api(app, 'GET', '/stories/desk-wire')).status).toBe(404);
  });

  it('lets only an all-regions credential post a story for every region', async () => {
    const local = await call(
      desk,
      'POST',
      '/stories',
      localStoryJson({ id: 'desk-all', regions: ['*'] }),
    );
    expect(local.status).toBe(403);
    const everywhere = await call(
      wire,
      'POST',
      '/stories',
      wireStoryJson({ id: 'wire-all', regions: ['*'] }),
    );
    expect(everywhere.status).toBe(201);
  });

  it('answers a read or kill of a story outside the scope as an unknown id, and leaves it alone', async () => {
    await api(app, 'POST', '/stories', localStoryJson({ id: 'shuswap-1', regions: ['shuswap'] }));
    const read = await call(desk, 'GET', '/stories/shuswap-1');
    expect(read.status).toBe(404);
    expect(read.body.error.message).toBe('story "shuswap-1" does not exist');
    expect((await call(desk, 'DELETE', '/stories/shuswap-1')).status).toBe(404);
    expect(await storyAsAdmin('shuswap-1')).toMatchObject({ killed: false, writtenBy: 'admin' });
  });

  it('refuses an update that moves its story out of the scope', async () => {
    await call(desk, 'POST', '/stories', localStoryJson({ id: 'desk-move', version: 1 }));
    const move = await call(
      desk,
      'POST',
      '/stories',
      localStoryJson({ id: 'desk-move', version: 2, regions: ['shuswap'] }),
    );
    expect(move.status).toBe(403);
    expect(await storyAsAdmin('desk-move')).toMatchObject({ version: 1, regions: ['okanagan'] });
  });

  it('refuses an update of a story stored partly outside the scope', async () => {
    await api(
      app,
      'POST',
      '/stories',
      localStoryJson({ id: 'shared', regions: ['okanagan', 'shuswap'] }),
    );
    const takeover = await call(
      desk,
      'POST',
      '/stories',
      localStoryJson({ id: 'shared', version: 2, regions: ['okanagan'] }),
    );
    expect(takeover.status).toBe(403);
    expect(takeover.body.error.details).toEqual([expect.objectContaining({ path: 'id' })]);
    expect(JSON.stringify(takeover.body)).not.toContain('shuswap');
    expect(await storyAsAdmin('shared')).toMatchObject({
      version: 1,
      regions: ['okanagan', 'shuswap'],
    });
  });

  it('answers a batch per story: in-scope stories stored, the others 403', async () => {
    const answer = await call(desk, 'POST', '/stories/batch', {
      stories: [
        localStoryJson({ id: 'batch-ok' }),
        localStoryJson({ id: 'batch-out', regions: ['shuswap'] }),
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      expect.objectContaining({ index: 0, id: 'batch-ok', status: 201 }),
      expect.objectContaining({
        index: 1,
        id: 'batch-out',
        status: 403,
        error: expect.objectContaining({ code: 'forbidden' }),
      }),
    ]);
    expect((await api(app, 'GET', '/stories/batch-out')).status).toBe(404);
  });
});
