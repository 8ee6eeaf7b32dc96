import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../../../lambdas/adapters/http/ingest-handler.js';
import type { CredentialStore, StoryStore } from '../../../../lambdas/core/ports.js';
import type { Story } from '../../../../lambdas/core/story/story.js';
import { authenticateToken } from '../../../../lambdas/core/use-cases/authenticate-token.js';
import { testSite } from '../../../fixtures/site.js';
import { localStoryJson } from '../../../fixtures/story-input.js';

const TOKEN = 'test-token-0123456789';
const MAX_REPLY = 64 * 1024;

/** A store in a Map whose `save` fails for chosen ids: a fault DynamoDB Local cannot produce. */
function storeFailingOn(failing: ReadonlySet<string>): StoryStore & { ids(): string[] } {
  const stored = new Map<string, Story>();
  const save = async (story: Story) => {
    if (failing.has(story.id)) throw new Error('the table is throttled');
    stored.set(story.id, story);
  };
  return {
    get: async (id) => stored.get(id),
    getStories: async (ids) => ids.flatMap((id) => stored.get(id) ?? []),
    save,
    create: async (story) => {
      const held = stored.get(story.id);
      if (!held) await save(story);
      return held;
    },
    listFeed: async () => [],
    listTombstones: async () => [],
    listDue: async () => [],
    clearDue: async () => undefined,
    ids: () => [...stored.keys()].sort(),
  };
}

/** Only the admin token is used here, so the credential store must not be reached. */
const noCredentials = new Proxy({} as CredentialStore, {
  get: () => () => Promise.reject(new Error('the credential store must not be reached')),
});
const clock = { now: () => new Date('2026-11-25T20:00:00Z') };

function handlerWith(stories: StoryStore) {
  return createIngestHandler({
    stories,
    credentials: noCredentials,
    clock,
    site: testSite(),
    authenticator: (token) =>
      authenticateToken(
        { credentials: noCredentials, clock, adminToken: async () => TOKEN },
        token,
      ),
    appEnv: 'prod',
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

function event(routeKey: string, body: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1] ?? '/',
    rawQueryString: '',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    requestContext: { requestId: 'r1' } as APIGatewayProxyEventV2['requestContext'],
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

async function post(
  routeKey: string,
  body: unknown,
  stories: StoryStore = storeFailingOn(new Set()),
) {
  const result = await handlerWith(stories)(event(routeKey, body));
  const text = String(result.body);
  return { status: result.statusCode, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

describe('bounded error lists', () => {
  it.each([100_000, 130_000])('answers %i unknown regions with a bounded 400', async (count) => {
    const result = await post(
      'POST /stories',
      localStoryJson({ regions: Array.from({ length: count }, () => 'x') }),
    );
    expect(result.status).toBe(400);
    expect(result.bytes).toBeLessThan(MAX_REPLY);
    expect(result.body.error.details).toHaveLength(100);
    // Zod's "at most 32" plus one "unknown region" per entry.
    expect(result.body.error.detailsOmitted).toBe(count + 1 - 100);
    expect(result.body.error.message).toContain(`${count + 1 - 100} more`);
  });

  it('bounds 50,000 unknown fields and a single huge echoed value', async () => {
    const keys = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1]));
    const many = await post('POST /stories', localStoryJson(keys));
    expect(many).toMatchObject({ status: 400, body: { error: { detailsOmitted: 49_900 } } });
    expect(many.bytes).toBeLessThan(MAX_REPLY);
    const huge = await post(
      'POST /stories',
      localStoryJson({ regions: ['\u0001'.repeat(100_000)], ['\u00e9'.repeat(50_000)]: 1 }),
    );
    expect(huge.status).toBe(400);
    expect(huge.bytes).toBeLessThan(MAX_REPLY);
    expect(huge.body.error.details.length).toBeGreaterThan(0);
  });
});

describe('POST /stories/batch', () => {
  it('keeps a batch of 100 invalid stories under 64 KB, at most 100 details in all', async () => {
    const stories = Array.from({ length: 100 }, (_, i) =>
      localStoryJson({ id: `bad-${i}`, regions: Array.from({ length: 2000 }, () => 'y') }),
    );
    const result = await post('POST /stories/batch', { stories });
    expect(result.status).toBe(200);
    expect(result.bytes).toBeLessThan(MAX_REPLY);
    expect(result.body.results).toHaveLength(100);
    const details = result.body.results.flatMap(
      (r: { error: { details: unknown[] } }) => r.error.details,
    );
    expect(details.length).toBeLessThanOrEqual(100);
    for (const r of result.body.results) {
      expect(r).toMatchObject({ status: 400, error: { code: 'validation_failed' } });
      expect(r.error.details.length + r.error.detailsOmitted).toBe(2001);
    }
  });

  it('answers per story when storing one fails: which were stored, which not, and why', async () => {
    const store = storeFailingOn(new Set(['batch-2']));
    const stories = [0, 1, 2, 3].map((i) => localStoryJson({ id: `batch-${i}` }));
    const result = await post('POST /stories/batch', { stories }, store);
    expect(result.status).toBe(200);
    expect(result.body.results.map((r: { status: number }) => r.status)).toEqual([
      201, 201, 500, 201,
    ]);
    expect(result.body.results[2]).toMatchObject({
      id: 'batch-2',
      error: { code: 'internal_error', requestId: 'r1' },
    });
    expect(JSON.stringify(result.body)).not.toContain('throttled');
    expect(store.ids()).toEqual(['batch-0', 'batch-1', 'batch-3']);
  });
});
