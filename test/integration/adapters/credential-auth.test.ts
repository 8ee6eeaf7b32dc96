import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialKey } from '../../../lambdas/adapters/dynamodb/credential-item.js';
import type { DynamoDbCredentialStore } from '../../../lambdas/adapters/dynamodb/dynamodb-credential-store.js';
import { createAuthorizerHandler } from '../../../lambdas/adapters/http/authorizer-handler.js';
import { createIngestHandler } from '../../../lambdas/adapters/http/ingest-handler.js';
import type { Principal } from '../../../lambdas/core/credentials/scope.js';
import { AlreadyExistsError } from '../../../lambdas/core/errors.js';
import type { StoryStore } from '../../../lambdas/core/ports.js';
import { authenticateToken } from '../../../lambdas/core/use-cases/authenticate-token.js';
import {
  createCredential,
  revokeCredential,
} from '../../../lambdas/core/use-cases/manage-credentials.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const ADMIN_TOKEN = 'admin-token-for-the-authorizer-test';
const SECRET = 'S'.repeat(43);
const clock = { now: () => new Date('2026-11-29T12:00:00Z') };
const admin: Principal = { name: 'admin', admin: true, channels: ['*'], regions: ['*'] };

let table: TestStores;
let store: DynamoDbCredentialStore;
const warnings: string[] = [];
let authorize: ReturnType<typeof createAuthorizerHandler>;

beforeAll(async () => {
  table = await createTestStores();
  store = table.credentials;
  authorize = createAuthorizerHandler({
    authenticator: (token) =>
      authenticateToken({ credentials: store, clock, adminToken: async () => ADMIN_TOKEN }, token),
    log: { warn: (message, ...extra) => warnings.push(JSON.stringify([message, ...extra])) },
  });
});
afterAll(async () => {
  await table.drop();
});

function authorizerEvent(authorization: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api/$default/POST/stories',
    identitySource: [authorization],
    routeKey: 'POST /stories',
    rawPath: '/stories',
    rawQueryString: '',
    headers: { authorization },
    cookies: [],
    pathParameters: {},
    queryStringParameters: {},
    stageVariables: {},
    requestContext: { requestId: 'auth-1' } as APIGatewayRequestAuthorizerEventV2['requestContext'],
  };
}

describe('DynamoDbCredentialStore', () => {
  it('stores only a digest, refuses a second create, lists and deletes', async () => {
    const { token } = await createCredential(
      { credentials: store, clock, newSecret: () => SECRET },
      admin,
      { name: 'store-desk', channels: ['local'], regions: ['okanagan'] },
    );
    expect(token).toBe(`store-desk.${SECRET}`);
    const raw = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: credentialKey('store-desk') }),
    );
    expect(JSON.stringify(raw.Item)).not.toContain(SECRET);
    expect(raw.Item?.sk).not.toBe('story');
    const stored = await store.get('store-desk');
    expect(stored).toMatchObject({ name: 'store-desk', channels: ['local'] });
    await expect(
      store.create({ ...(stored as NonNullable<typeof stored>), secretHash: 'x' }),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await store.list()).map((c) => c.name)).toContain('store-desk');
    await revokeCredential({ credentials: store }, admin, 'store-desk');
    expect(await store.get('store-desk')).toBeUndefined();
    expect(await store.delete('store-desk')).toBe(false);
  });
});

describe('the Lambda authorizer and the ingest Lambda behind it', () => {
  it('approves a credential with its principal, which the ingest then enforces', async () => {
    const { token } = await createCredential(
      { credentials: store, clock, newSecret: () => 'T'.repeat(43) },
      admin,
      { name: 'auth-desk', channels: ['local'], regions: ['okanagan'] },
    );
    const answer = await authorize(authorizerEvent(`Bearer ${token}`));
    expect(answer.isAuthorized).toBe(true);
    expect(JSON.parse(answer.context.principal)).toEqual({
      name: 'auth-desk',
      admin: false,
      channels: ['local'],
      regions: ['okanagan'],
    });

    // The ingest Lambda on AWS: no authenticator, only the authorizer's context.
    const untouched = new Proxy({} as StoryStore, {
      get: () => () => Promise.reject(new Error('the store must not be reached')),
    });
    const ingest = createIngestHandler({
      stories: untouched,
      credentials: store,
      clock,
      site: testSite(),
      appEnv: 'test',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const event = {
      version: '2.0',
      routeKey: 'POST /stories',
      rawPath: '/stories',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(localStoryJson({ regions: ['shuswap'] })),
      isBase64Encoded: false,
      requestContext: { requestId: 'r1', authorizer: { lambda: answer.context } },
    } as unknown as APIGatewayProxyEventV2;
    const refused = await ingest(event);
    expect(refused.statusCode).toBe(403);
    const { requestContext: _context, ...withoutAuthorizer } = event;
    const bare = await ingest({
      ...withoutAuthorizer,
      requestContext: { requestId: 'r2' },
    } as unknown as APIGatewayProxyEventV2);
    expect(bare.statusCode).toBe(401);
  });

  it('approves the admin token', async () => {
    const answer = await authorize(authorizerEvent(`Bearer ${ADMIN_TOKEN}`));
    expect(JSON.parse(answer.context.principal)).toMatchObject({ name: 'admin', admin: true });
  });

  it('approves the current and the previous admin token during a rotation, and no other', async () => {
    const rotating = createAuthorizerHandler({
      authenticator: (token) =>
        authenticateToken(
          {
            credentials: store,
            clock,
            adminToken: async () => ['new-admin-token-0123', ADMIN_TOKEN],
          },
          token,
        ),
      log: { warn: () => undefined },
    });
    for (const token of ['new-admin-token-0123', ADMIN_TOKEN]) {
      const answer = await rotating(authorizerEvent(`Bearer ${token}`));
      expect(JSON.parse(answer.context.principal)).toMatchObject({ name: 'admin', admin: true });
    }
    await expect(rotating(authorizerEvent('Bearer some-other-token-0123'))).rejects.toThrow(
      'Unauthorized',
    );
  });

  it('throws Unauthorized (API Gateway answers 401) and never logs the token', async () => {
    const { token } = await createCredential(
      { credentials: store, clock, newSecret: () => 'U'.repeat(43) },
      admin,
      { name: 'gone', channels: ['wire'], regions: ['*'] },
    );
    await revokeCredential({ credentials: store }, admin, 'gone');
    const refusals = [`Bearer ${token}`, `Bearer nobody.${'V'.repeat(43)}`, 'Basic abc', 'Bearer'];
    for (const header of refusals) {
      await expect(authorize(authorizerEvent(header)), header).rejects.toThrow(/^Unauthorized$/);
    }
    expect(warnings).toHaveLength(refusals.length);
    for (const line of warnings) {
      expect(line).not.toContain('U'.repeat(43));
      expect(line).not.toContain('V'.repeat(43));
    }
  });
});
