import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../../../lambdas/adapters/http/ingest-handler.js';
import type { CredentialStore, StoryStore } from '../../../../lambdas/core/ports.js';
import { authenticateToken } from '../../../../lambdas/core/use-cases/authenticate-token.js';
import { testSite } from '../../../fixtures/site.js';
import { localStoryJson } from '../../../fixtures/story-input.js';

const TOKEN = 'test-token-0123456789';

/** A store that must not be reached: these tests are about refusals at the edge. */
const unreachableStore = new Proxy({} as StoryStore, {
  get: () => () => Promise.reject(new Error('the store must not be reached')),
});

const unreachableCredentials = new Proxy({} as CredentialStore, {
  get: () => () => Promise.reject(new Error('the credential store must not be reached')),
});
const clock = { now: () => new Date('2026-11-25T20:00:00Z') };

const logged: string[] = [];
const handler = createIngestHandler({
  stories: unreachableStore,
  credentials: unreachableCredentials,
  clock,
  site: testSite(),
  authenticator: (token) =>
    authenticateToken(
      { credentials: unreachableCredentials, clock, adminToken: async () => TOKEN },
      token,
    ),
  appEnv: 'test',
  log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
});

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /stories',
    rawPath: '/stories',
    rawQueryString: '',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    requestContext: { requestId: 'r1' } as APIGatewayProxyEventV2['requestContext'],
    body: JSON.stringify(localStoryJson()),
    isBase64Encoded: false,
    ...overrides,
  };
}

async function codeOf(e: APIGatewayProxyEventV2) {
  const result = await handler(e);
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}

describe('createIngestHandler', () => {
  it('answers 401 without a bearer token and with a wrong one', async () => {
    expect((await codeOf(event({ headers: { 'content-type': 'application/json' } }))).status).toBe(
      401,
    );
    const wrong = await codeOf(
      event({ headers: { authorization: 'Bearer nope', 'content-type': 'application/json' } }),
    );
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('answers 415 for a content type it does not take', async () => {
    const result = await codeOf(
      event({ headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' } }),
    );
    expect(result).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type' } },
    });
  });

  it('answers 413 for a body over 1 MB before parsing it', async () => {
    const result = await codeOf(event({ body: `"${'x'.repeat(1024 * 1024)}"` }));
    expect(result).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('answers 400 invalid_json for malformed JSON and for invalid UTF-8', async () => {
    expect((await codeOf(event({ body: '{"id":' }))).body.error.code).toBe('invalid_json');
    const latin1 = Buffer.from([0x7b, 0xe9, 0x7d]).toString('base64');
    expect((await codeOf(event({ body: latin1, isBase64Encoded: true }))).body.error.code).toBe(
      'invalid_json',
    );
  });

  it('answers 400 naming each bad field without touching the store', async () => {
    const result = await codeOf(
      event({ body: JSON.stringify(localStoryJson({ headline: '', regions: ['mars'] })) }),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'headline',
      'regions[0]',
    ]);
  });

  it('answers 400 for a ninjs post without target regions', async () => {
    const result = await codeOf(
      event({
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/vnd.iptc.ninjs+json',
        },
        body: '{}',
      }),
    );
    expect(result.body.error.details).toEqual([
      { path: 'query.regions', message: 'name the regions, e.g. ?regions=okanagan,shuswap' },
    ]);
  });

  it('answers 404 for an unsafe story id in the path', async () => {
    const result = await codeOf(
      event({ routeKey: 'GET /stories/{id}', pathParameters: { id: '../etc' }, body: undefined }),
    );
    expect(result.status).toBe(404);
  });

  it('answers 500 without internals when the store fails', async () => {
    const result = await codeOf(event());
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).not.toContain('must not be reached');
  });
});
