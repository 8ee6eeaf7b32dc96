import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenAuthenticator } from '../../../lambdas/adapters/http/authenticate.js';
import { createIngestHandler } from '../../../lambdas/adapters/http/ingest-handler.js';
import { MAX_JSON_DEPTH } from '../../../lambdas/adapters/http/json-depth.js';
import {
  apStyleNinjs1Document,
  extendedNinjs2Document,
  ninjs1Document,
  ninjs2Document,
  ninjs3Document,
} from '../../fixtures/ninjs.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

/**
 * Random requests of bounded size and depth against every route of the ingest handler, in
 * process, over the production stores on DynamoDB Local: no input of any shape may answer 5xx.
 * Bodies are random JSON, our stories and ninjs documents with random values put into random
 * fields (and nested past the depth bound), random text, and wrong content types; ids, query
 * strings and authorization headers are random too. The seed is printed with any failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 16;
const TOKEN = 'fuzz-admin-token';

let table: TestStores;
beforeAll(async () => {
  table = await createTestStores();
});
afterAll(async () => {
  await table?.drop();
});

const { json, ninjs } = {
  json: 'application/json',
  ninjs: 'application/vnd.iptc.ninjs+json',
};

/** A value nested in lists or objects around a random leaf, up to three times the bound. */
const nested = fc
  .tuple(
    fc.integer({ min: 1, max: 3 * MAX_JSON_DEPTH }),
    fc.boolean(),
    fc.jsonValue({ maxDepth: 1 }),
  )
  .map(([depth, lists, leaf]) => {
    let value: unknown = leaf;
    for (let level = 0; level < depth; level++) value = lists ? [value] : { k: value };
    return value;
  });

/**
 * JSON text nested far deeper (to 20,000 levels: lists, objects, or ninjs associations), written
 * as text since JSON.stringify itself would overflow on it.
 */
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('list', 'object', 'association'))
  .map(([depth, kind]) => {
    const [open, leaf, close] =
      kind === 'list'
        ? ['[', '1', ']']
        : kind === 'object'
          ? ['{"k":', '1', '}']
          : ['[{"uri":"urn:x","name":"n","type":"text","associations":', '[]', '}]'];
    return `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
  });

const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3, depthSize: 'small' }) },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t\n', '0000-00-00', '9999-12-31T23:59:60Z') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
);

const documents = [
  localStoryJson,
  wireStoryJson,
  ninjs1Document,
  ninjs2Document,
  ninjs3Document,
  apStyleNinjs1Document,
  extendedNinjs2Document,
];
const FIELDS = [
  'id',
  'uri',
  'version',
  'type',
  'regions',
  'channel',
  'headline',
  'headlines',
  'bodyHtml',
  'bodies',
  'body_html',
  'byline',
  'by',
  'image',
  'associations',
  'renditions',
  'publishedAt',
  'embargoUntil',
  'embargoed',
  'embargoedUntil',
  'expires',
  'expiresAt',
  'versioncreated',
  'firstCreated',
  'subjects',
  'people',
  'rightsinfo',
  'standard',
  'language',
  'urgency',
  'pubstatus',
  'keywords',
  'name',
  'channels',
  'status',
];

/** One of our documents with random values in up to four random fields. */
const mutated = fc
  .tuple(
    fc.constantFrom(...documents),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyValue), { maxLength: 4 }),
  )
  .map(([make, changes]) => make(Object.fromEntries(changes)));

/** One of our documents with a far too deeply nested value as its (last, so winning) field. */
const deepened = fc
  .tuple(mutated, fc.constantFrom(...FIELDS), deepText)
  .map(([doc, field, deep]) => JSON.stringify(doc).replace(/\}$/, `,"${field}":${deep}}`));

const body = fc.oneof(
  { weight: 5, arbitrary: mutated.map((doc) => JSON.stringify(doc)) },
  { weight: 2, arbitrary: deepened },
  { weight: 1, arbitrary: deepened.map((doc) => `{"stories":[${doc}]}`) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4, depthSize: 'small' }) },
  {
    weight: 1,
    arbitrary: fc
      .array(mutated, { minLength: 0, maxLength: 4 })
      .map((stories) => JSON.stringify({ stories })),
  },
  { weight: 1, arbitrary: nested.map((value) => JSON.stringify({ stories: [value], a: value })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/**
 * Every route, weighted by how much of the request it reads: the body routes most; the routes
 * that read only an id or nothing (each a DynamoDB round trip) less, to keep the run short.
 */
const ROUTE_KEYS: Array<[string, number]> = [
  ['POST /stories', 12],
  ['POST /stories/batch', 6],
  ['POST /credentials', 4],
  ['GET /stories/{id}', 2],
  ['DELETE /stories/{id}', 2],
  ['DELETE /credentials/{name}', 2],
  ['GET /credentials', 1],
  ['PUT /stories', 1],
];

const request = fc.record({
  routeKey: fc.oneof(
    ...ROUTE_KEYS.map(([key, weight]) => ({ weight, arbitrary: fc.constant(key) })),
  ),
  body,
  contentType: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(json, ninjs, `${ninjs}; charset=utf-8`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  ),
  id: fc.oneof(fc.constantFrom('test-local-1', 'urn:wire:test:1'), fc.string({ maxLength: 40 })),
  regions: fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('okanagan', 'okanagan,shuswap', '*') },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
  ),
  channel: fc.option(fc.constantFrom('wire', 'local', 'sports', '')),
  authorization: fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  ),
  base64: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function eventOf(r: Request) {
  const query: Record<string, string> = {};
  if (r.regions !== null) query.regions = r.regions;
  if (r.channel !== null) query.channel = r.channel;
  const raw = r.body;
  return {
    version: '2.0',
    routeKey: r.routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': r.contentType, authorization: r.authorization },
    queryStringParameters: query,
    pathParameters: { id: r.id, name: r.id },
    body: raw === undefined || !r.base64 ? raw : Buffer.from(raw).toString('base64'),
    isBase64Encoded: raw !== undefined && r.base64,
    requestContext: { requestId: 'fuzz' },
  } as unknown as APIGatewayProxyEventV2;
}

describe('the ingest handler under random input', () => {
  it(`answers ${RUNS} random requests over every route without a 5xx`, async () => {
    const failures: string[] = [];
    const ingest = createIngestHandler({
      stories: table.stories,
      credentials: table.credentials,
      clock: { now: () => new Date() },
      site: testSite(),
      authenticator: createTokenAuthenticator(TOKEN),
      appEnv: 'local',
      log: {
        info: () => undefined,
        warn: () => undefined,
        error: (message, ...extra) => failures.push(`${message} ${String(extra[0]?.error)}`),
      },
    });
    const seed = Date.now() ^ (Math.random() * 0x7fffffff);
    const requests = fc.sample(request, { numRuns: RUNS, seed });
    const statuses = new Map<number, number>();
    const fiveHundreds: string[] = [];
    for (let start = 0; start < requests.length; start += CONCURRENCY) {
      await Promise.all(
        requests.slice(start, start + CONCURRENCY).map(async (r) => {
          const answer = await ingest(eventOf(r));
          statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
          const text = answer.body ?? '';
          const batch5xx = r.routeKey === 'POST /stories/batch' && /"status":5\d\d/.test(text);
          if (answer.statusCode >= 500 || batch5xx) {
            fiveHundreds.push(`${JSON.stringify(r).slice(0, 600)} -> ${text.slice(0, 300)}`);
          }
        }),
      );
    }
    expect(fiveHundreds, `seed ${seed}; ${failures.slice(0, 3).join('; ')}`).toEqual([]);
    // The run reached past the edge (stories stored or read) as well as being refused at it.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 401, 404, 415]));
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
  });
});
