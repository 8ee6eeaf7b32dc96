import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyIdOfKey, storyKey } from '../../../lambdas/adapters/dynamodb/story-item.js';
import { storyTagUri } from '../../../lambdas/core/formats/tag-uri.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ninjs2Document } from '../../fixtures/ninjs.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { apiGateway } from '../support/api-gateway.js';
import { S3RVER_CREDENTIALS } from '../support/aws-stand-ins.js';
import {
  type BundledStack,
  PUBLISH_FUNCTION_NAME,
  startBundledStack,
} from '../support/bundled-stack.js';
import { type HttpCall, streamReader } from '../support/lambda-events.js';
import { InvocationError, type LambdaProcess } from '../support/lambda-process.js';
import { type LambdaName, stackFunctions } from '../support/stack-functions.js';

/**
 * The Lambda bundles exactly as `cdk synth` builds them (SplitBundle with DatelineFunction's
 * defines), each run by plain `node` in a process of its own with the stack's variables, and
 * called with events shaped as API Gateway, the authorizer and the DynamoDB stream deliver them.
 * A chunk that cannot load (a bad alias, `require` or `__dirname` in ESM, a missing file) fails
 * here, on the request that first needs it, as it would on AWS.
 */
const BUCKET = 'dateline-feeds-test';
const FEED_BASE_URL = 'https://feeds.example.test';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:DatelineApiToken-AbCdEf';
const ADMIN_TOKEN = 'bundle-test-admin-token-0123456789abcdefghijklmnop';
const STORY_ID = 'urn:wire:bundle-test:1';
/** A story posted under embargo for two seconds: the minute sweep publishes it once it lifts. */
const EMBARGOED = {
  id: 'bundle-test-embargoed',
  headline: 'Library reopens after roof repairs, embargoed until the ribbon is cut',
  embargoUntil: '',
};
/** Invented; what the sanitiser must strip (script, handlers, styles, javascript: links). */
const HOSTILE_BODY =
  '<p style="color:red" onclick="steal()">Council approves the caf&eacute; patio &amp; bike lane' +
  '<script>alert(1)</script> <a href="javascript:alert(2)">vote</a> ' +
  '<a href="/minutes/2026-11">minutes</a></p><img src="x" onerror="alert(3)"><p>Second &#8212; par</p>';

const functions = stackFunctions();
let stack: BundledStack;
const lambdas = {} as Record<LambdaName, LambdaProcess>;

beforeAll(async () => {
  stack = await startBundledStack({
    functions,
    bucket: BUCKET,
    feedBaseUrl: FEED_BASE_URL,
    secretArn: SECRET_ARN,
    adminToken: ADMIN_TOKEN,
  });
  Object.assign(lambdas, stack.lambdas);
}, 240_000); // three esbuild builds, three node processes and DynamoDB Local on a busy machine

afterAll(() => stack?.stop());

const authorize = (authorization: string) =>
  apiGateway(lambdas.authorizer).authorize(authorization);
/** A request through the API: the authorizer approves `token`, then ingest (or `ingest`) answers. */
const request = (call: HttpCall, token = ADMIN_TOKEN, ingest = lambdas.ingest) =>
  apiGateway(lambdas.authorizer).request(ingest, call, token);

const refusal = (authorization: string) =>
  authorize(authorization).then(
    (approval) => approval as unknown as InvocationError,
    (error: unknown) => error as InvocationError,
  );

describe('the authorizer bundle', () => {
  it('approves the admin token from Secrets Manager and refuses others with Unauthorized', async () => {
    const approval = await authorize(`Bearer ${ADMIN_TOKEN}`);
    expect(approval.isAuthorized).toBe(true);
    expect(JSON.parse(approval.context.principal)).toMatchObject({ name: 'admin', admin: true });
    expect(stack.secrets.requests).toContain(SECRET_ARN);

    for (const header of [`Bearer ${ADMIN_TOKEN}x`, `Basic ${ADMIN_TOKEN}`]) {
      const error = await refusal(header);
      expect(error).toBeInstanceOf(InvocationError);
      expect(error.error.message).toBe('Unauthorized');
      // --enable-source-maps (the stack's NODE_OPTIONS) maps the stack to the TypeScript source.
      expect(error.error.stack).toContain('lambdas/adapters/http/authorizer-handler.ts');
    }
    expect(lambdas.authorizer.output()).toContain('the bearer token is not a valid credential');
  });
});

describe('the ingest bundle', () => {
  const post = (body: unknown, contentType = 'application/json', query?: Record<string, string>) =>
    request({
      method: 'POST',
      route: '/stories',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(query ? { query } : {}),
    });

  it('stores a wire story (201) that GET and the table both return', async () => {
    const story = wireStoryJson({ id: STORY_ID, regions: ['okanagan'], bodyHtml: HOSTILE_BODY });
    const created = await post(story);
    expect(created.statusCode, created.why).toBe(201);
    expect(created.json).toMatchObject({ outcome: 'created', story: { id: STORY_ID, version: 1 } });
    // The bundle's sanitiser (htmlparser2's Parser alone, no postcss) cleans the body exactly as
    // the TypeScript source does.
    const regions = functions.ingest.bundledConfig?.regions.map((r) => r.slug) ?? [];
    const expected = parseStoryInput(story, regions).bodyHtml;
    expect(expected).not.toMatch(/script|onclick|style=|javascript:/);
    expect((created.json.story as { bodyHtml: string }).bodyHtml).toBe(expected);

    const read = await request({
      method: 'GET',
      route: '/stories/{id}',
      pathParameters: { id: STORY_ID },
    });
    expect(read.statusCode, read.why).toBe(200);
    expect(read.json).toMatchObject({ story: { id: STORY_ID, headline: story.headline } });
    const { Item } = await stack.table.client.send(
      new GetItemCommand({
        TableName: stack.table.tableName,
        Key: { pk: { S: storyKey(STORY_ID).pk }, sk: { S: storyKey(STORY_ID).sk } },
        ConsistentRead: true,
      }),
    );
    expect(Item?.story?.M?.headline?.S).toBe(story.headline);
  });

  it('stores a ninjs 2.x document (201)', async () => {
    const created = await post(ninjs2Document(), 'application/vnd.iptc.ninjs+json', {
      regions: 'shuswap',
    });
    expect(created.statusCode, created.why).toBe(201);
    expect(created.json).toMatchObject({
      outcome: 'created',
      story: { headline: 'Harbour dredging to start after spring thaw', regions: ['shuswap'] },
    });
  });

  it('refuses a bad story with a 400 naming the field, and a body that is not JSON', async () => {
    const bad = await post(
      wireStoryJson({ id: 'urn:wire:bundle-test:bad', regions: ['atlantis'] }),
    );
    expect(bad.statusCode, bad.why).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'validation_failed' } });
    const details = (bad.json.error as { details: Array<{ path: string; message: string }> })
      .details;
    expect(
      details.some((d) => d.path.startsWith('regions') && d.message.includes('atlantis')),
    ).toBe(true);

    const garbled = await post('{"id": ');
    expect(garbled.statusCode, garbled.why).toBe(400);
    expect(garbled.json).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('takes a batch, answering each story on its own', async () => {
    EMBARGOED.embargoUntil = new Date(Date.now() + 2000).toISOString();
    const batch = await request({
      method: 'POST',
      route: '/stories/batch',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stories: [
          localStoryJson({ id: 'bundle-test-local-1', regions: ['kootenay'] }),
          localStoryJson({ id: 'bundle-test-local-2', headline: '' }),
          localStoryJson({ ...EMBARGOED, regions: ['kootenay'] }),
        ],
      }),
    });
    expect(batch.statusCode, batch.why).toBe(200);
    expect(batch.json.results).toMatchObject([
      { index: 0, id: 'bundle-test-local-1', status: 201 },
      { index: 1, status: 400, error: { code: 'validation_failed' } },
      { index: 2, id: EMBARGOED.id, status: 201 },
    ]);
  });

  it('creates a credential that the authorizer bundle then approves', async () => {
    const created = await request({
      method: 'POST',
      route: '/credentials',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bundle-desk', channels: ['wire'], regions: ['okanagan'] }),
    });
    expect(created.statusCode, created.why).toBe(201);
    const approval = await authorize(`Bearer ${created.json.token as string}`);
    expect(JSON.parse(approval.context.principal)).toMatchObject({
      name: 'bundle-desk',
      admin: false,
    });
  });
});

describe('the ingest bundle starting a rebuild', () => {
  it('invokes the publish function asynchronously for POST /rebuild (admin) and answers 202', async () => {
    const started = await request({ method: 'POST', route: '/rebuild', headers: {} });

    expect(started.statusCode, started.why).toBe(202);
    expect(started.json).toEqual({ outcome: 'started' });
    expect(stack.lambdaApi.invocations).toEqual([
      {
        functionName: PUBLISH_FUNCTION_NAME,
        type: 'Event',
        payload: { source: 'dateline.rebuild' },
      },
    ]);
  });
});

describe('the ingest bundle answering GET /stats', () => {
  it('loads the stats chunk and answers the report of 90 days from the stats table (admin)', async () => {
    const json = await request({ method: 'GET', route: '/stats.json', headers: {} });

    expect(json.statusCode, json.why).toBe(200);
    expect(json.json).toMatchObject({ feeds: [] });
    expect(String(json.json.from) < String(json.json.to)).toBe(true);
  });
});

describe('the publish bundle', () => {
  let client: S3Client;
  beforeAll(() => {
    client = new S3Client({
      region: 'us-east-1',
      endpoint: stack.s3.endpoint,
      credentials: S3RVER_CREDENTIALS,
    });
  });
  afterAll(() => client?.destroy());

  /** A file the publisher wrote to the bucket, as a reader gets it. */
  async function read(key: string) {
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { type: object.ContentType ?? '', text: (await object.Body?.transformToString()) ?? '' };
  }
  const site = functions.publish.bundledConfig;
  if (!site) throw new Error('the publish bundle is built without the site config');
  const tag = storyTagUri(site, STORY_ID);
  let reader: (() => Promise<DynamoDBStreamEvent>) | undefined;
  /** The stream records not yet handed to the publisher, as one batch. */
  const streamBatch = () => {
    reader ??= streamReader(stack.table, stack.dynamodbEndpoint);
    return reader();
  };
  const headline = wireStoryJson().headline as string;
  /** Hands what the publisher queued to the render bundle, as the FIFO queue's event source does. */
  const renderQueued = async () => {
    const messages = stack.sqs.take();
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages)
      expect(m.groupId).toBe(`${JSON.parse(m.body).region}#${JSON.parse(m.body).channel}`);
    const event = { Records: messages.map(({ messageId, body }) => ({ messageId, body })) };
    return lambdas.render.invoke<{ batchItemFailures: unknown[] }>(event);
  };

  it('writes RSS, Atom, JSON Feed and the HTML view holding the story for a stream batch', async () => {
    const event = await streamBatch();
    const ids = event.Records.map((r) => storyIdOfKey(r.dynamodb?.Keys?.pk?.S));
    expect(ids).toContain(STORY_ID);
    const report = await lambdas.publish.invoke<{ feeds: number; written: number }>(event);
    // The story's page; its feeds are queued for the render function.
    expect(report.written).toBeGreaterThanOrEqual(1);
    expect((await renderQueued()).batchItemFailures).toEqual([]);

    for (const format of ['rss', 'atom']) {
      const { text, type } = await read(`feeds/okanagan/wire.${format}`);
      expect(type).toContain(format === 'rss' ? 'application/rss+xml' : 'application/atom+xml');
      expect(XMLValidator.validate(text)).toBe(true);
      const items = parseFeed(text).items;
      expect(items.map((i) => i.id)).toContain(tag);
      expect(items.map((i) => i.title)).toContain(headline);
    }
    const json = JSON.parse((await read('feeds/okanagan/wire.json')).text) as {
      items: Array<{ id: string; title: string }>;
    };
    expect(json.items.find((i) => i.id === tag)?.title).toBe(headline);
    expect((await read('feeds/okanagan/wire.html')).text).toContain(headline);
  });

  it('answers the rebuild (run at deploy) and the minute sweep', async () => {
    const rebuilt = await lambdas.publish.invoke<{ feeds: number }>({ source: 'dateline.rebuild' });
    // Every region's local and wire feed.
    expect(rebuilt.feeds).toBe(site.regions.length * 2);
    const empty = JSON.parse((await read('feeds/kootenay/wire.json')).text) as { items: [] };
    expect(empty.items).toEqual([]);
    expect((await read(`pages/${STORY_ID}.html`)).text).toContain(headline);

    // The sweep publishes the embargoed story once its embargo has passed (a wait, not a timing
    // assertion: however late the sweep runs, the story is due by then).
    const lifted = Date.parse(EMBARGOED.embargoUntil) - Date.now();
    if (lifted > 0) await new Promise((resolve) => setTimeout(resolve, lifted + 10));
    const swept = await lambdas.publish.invoke<{ due: number }>({ source: 'dateline.sweep' });
    expect(swept.due).toBeGreaterThanOrEqual(1);
    await renderQueued();
    const local = JSON.parse((await read('feeds/kootenay/local.json')).text) as {
      items: Array<{ title: string }>;
    };
    expect(local.items.map((i) => i.title)).toContain(EMBARGOED.headline);
    expect(lambdas.publish.output()).not.toMatch(/"level":"ERROR"/);
    expect(lambdas.render.output()).not.toMatch(/"level":"ERROR"/);
  });
  it('drops a killed story from every format of its feed, leaving an Atom tombstone', async () => {
    const call: HttpCall = {
      method: 'DELETE',
      route: '/stories/{id}',
      pathParameters: { id: STORY_ID },
    };
    const killed = await request(call);
    expect(killed.statusCode, killed.why).toBe(200);
    const event = await streamBatch();
    expect(event.Records.map((r) => r.eventName)).toContain('MODIFY');
    await lambdas.publish.invoke(event);
    stack.pushQueue.take();
    await renderQueued();

    // The render bundle queued the kill for the partner push sender (PUSH_QUEUE_URL).
    const pushed = stack.pushQueue.take().map((m) => JSON.parse(m.body));
    expect(pushed).toContainEqual({
      kind: 'change',
      change: {
        feed: { region: 'okanagan', channel: 'wire' },
        items: [{ id: tag, storyId: STORY_ID, outcome: 'killed' }],
      },
    });

    for (const format of ['rss', 'atom']) {
      const { text } = await read(`feeds/okanagan/wire.${format}`);
      expect(parseFeed(text).items.map((i) => i.id)).not.toContain(tag);
    }
    expect((await read('feeds/okanagan/wire.atom')).text).toContain(`ref="${tag}"`);
    const json = JSON.parse((await read('feeds/okanagan/wire.json')).text) as {
      items: Array<{ id: string }>;
    };
    expect(json.items.map((i) => i.id)).not.toContain(tag);
  });
});

describe('the ingest bundle with a DATELINE_CONFIG override', () => {
  const started = (variables: Record<string, string>) => stack.start('ingest', variables);

  it('validates it at init (the schema chunk), refusing a bad one, and then uses it', async () => {
    const site = functions.ingest.bundledConfig;
    const bad = await started({ DATELINE_CONFIG: JSON.stringify({ ...site, baseUrl: 'nowhere' }) })
      .then((lambda) => lambda.stop())
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(InvocationError);
    expect((bad as InvocationError).error.message).toMatch(
      /^environment variable DATELINE_CONFIG .*baseUrl/,
    );

    const regions = [...(site?.regions ?? []), { slug: 'cariboo', name: 'Cariboo' }];
    const ingest = await started({ DATELINE_CONFIG: JSON.stringify({ ...site, regions }) });
    try {
      const story = localStoryJson({ id: 'bundle-test-cariboo', regions: ['cariboo'] });
      const created = await request(
        {
          method: 'POST',
          route: '/stories',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(story),
        },
        ADMIN_TOKEN,
        ingest,
      );
      expect(created.statusCode, created.why).toBe(201);
    } finally {
      await ingest.stop();
    }
  });
});
