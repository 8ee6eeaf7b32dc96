import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbRateLimiter } from '../../../lambdas/adapters/dynamodb/dynamodb-rate-limiter.js';
import { createIngestHandler } from '../../../lambdas/adapters/http/ingest-handler.js';
import { testSite } from '../../fixtures/site.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

/** The per-credential limit on AWS: one count per second in DynamoDB, shared by every instance. */
describe('DynamoDbRateLimiter', () => {
  let stores: TestStores;
  let now = Date.parse('2026-12-06T12:00:00.250Z');
  const clock = { now: () => new Date(now) };

  beforeAll(async () => {
    stores = await createTestStores();
  });
  afterAll(() => stores?.drop());

  const limiter = (perSecond: number) =>
    new DynamoDbRateLimiter({
      client: stores.documents,
      tableName: stores.tableName,
      perSecond,
      clock,
    });

  it('lets a credential send its limit in a second, refuses the next, and lets it on after a quiet second', async () => {
    const one = limiter(3);
    const other = limiter(3);
    const allowed = { allowed: true };

    const taken = [await one.take('desk'), await other.take('desk'), await one.take('desk')];
    expect(taken).toEqual([allowed, allowed, allowed]);
    // At .250 of its second: the second after next begins in 1.75 s.
    expect(await other.take('desk')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(await one.take('another-desk')).toEqual(allowed);
    now += 2000;
    expect(await one.take('desk')).toEqual(allowed);
  });

  it('counts refused requests: a credential that sends on past its limit is refused second after second', async () => {
    const desk = limiter(3);
    now += 10_000;
    const first = [];
    for (let i = 0; i < 6; i++) first.push((await desk.take('flooding-desk')).allowed);
    expect(first).toEqual([true, true, true, false, false, false]);
    // The next second, a plain count per second would let 3 through again.
    for (let second = 1; second <= 3; second++) {
      now += 1000;
      const again = [];
      for (let i = 0; i < 6; i++) again.push((await desk.take('flooding-desk')).allowed);
      expect(again).toEqual(Array(6).fill(false));
    }
    // Silent for a second (as Retry-After asked): let in again.
    now += 2000;
    expect(await desk.take('flooding-desk')).toEqual({ allowed: true });
  });

  it('answers 429 with Retry-After to a credential the authorizer approved past its limit, never to the admin', async () => {
    const ingest = createIngestHandler({
      stories: stores.stories,
      credentials: stores.credentials,
      clock,
      site: testSite(),
      appEnv: 'dev',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      rateLimit: (name) => limiter(1).take(name),
    });
    now += 5000;
    const event = (name: string, admin: boolean) =>
      ({
        routeKey: 'GET /stories/{id}',
        rawPath: '/stories/nothing-here',
        pathParameters: { id: 'nothing-here' },
        headers: {},
        requestContext: {
          requestId: 'r',
          authorizer: {
            lambda: {
              principal: JSON.stringify({
                name,
                admin,
                channels: ['local'],
                regions: ['okanagan'],
              }),
            },
          },
        },
      }) as unknown as Parameters<typeof ingest>[0];

    expect((await ingest(event('limited-desk', false))).statusCode).toBe(404);
    const refused = await ingest(event('limited-desk', false));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('2');
    expect((await ingest(event('admin', true))).statusCode).toBe(404);
    expect((await ingest(event('admin', true))).statusCode).toBe(404);
  });
});
