import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAudienceStore } from '../../../lambdas/adapters/audience/dynamodb-audience-store.js';
import { DynamoDbDailyKeys } from '../../../lambdas/adapters/audience/dynamodb-daily-keys.js';
import { createLogProcessorHandler } from '../../../lambdas/adapters/audience/log-processor.js';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';

/**
 * The AWS log processor against DynamoDB Local: gzipped CloudFront log files, as S3 event
 * notifications deliver them, counted into the stats table, with the day keys in their own.
 */

const FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';
const NOW = new Date('2026-12-05T18:00:00Z');
const clock = { now: () => NOW };

function logLine(time: string, address: string, ua: string, status = 200, length = 1000) {
  const f = new Array(33).fill('-');
  Object.assign(f, {
    0: '2026-12-05',
    1: time,
    3: String(length + 300),
    4: address,
    5: 'GET',
    7: '/feeds/okanagan/wire.rss',
    8: String(status),
    10: encodeURIComponent(ua),
    30: status === 304 ? '-' : String(length),
  });
  return f.join('\t');
}

function logFile(lines: string[]): Buffer {
  return gzipSync(`#Version: 1.0\n${FIELDS}\n${lines.join('\n')}\n`);
}

function s3Event(keys: string[]): S3Event {
  return {
    Records: keys.map((key) => ({ s3: { bucket: { name: 'logs' }, object: { key } } })),
  } as unknown as S3Event;
}

let stats: TestTable;
let keysTable: TestTable;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  [stats, keysTable] = await Promise.all([createTestTable(), createTestTable()]);
  documents = createDocumentClient(stats.client);
});
afterAll(async () => {
  await stats?.drop();
  await keysTable?.drop();
});

function processor(files: Record<string, Buffer>) {
  return createLogProcessorHandler({
    readObject: async (_bucket, key) => Readable.from([files[key] as Buffer]),
    audience: new DynamoDbAudienceStore({ client: documents, tableName: stats.tableName }),
    // A new keys adapter per "instance", as two Lambda execution environments have.
    keys: new DynamoDbDailyKeys({ client: documents, tableName: keysTable.tableName, clock }),
    log: { info: () => undefined },
  });
}

describe('the CloudFront log processor', () => {
  it('adds up two files counted at once, each client once, each reader at its latest', async () => {
    const files = {
      'cf/E1.2026-12-05-17.a.gz': logFile([
        logLine('17:00:00', '203.0.113.1', 'Feedly/1.0 (x; 462 subscribers; )'),
        logLine('17:00:01', '203.0.113.2', 'OrchardReader/3.0'),
        logLine('17:00:02', '203.0.113.3', 'OrchardReader/3.0', 304),
      ]),
      'cf/E1.2026-12-05-16.b.gz': logFile([
        logLine('16:00:00', '203.0.113.1', 'Feedly/1.0 (x; 450 subscribers; )'),
        logLine('16:00:01', '203.0.113.2', 'OrchardReader/3.0'),
        logLine(
          '16:00:02',
          '203.0.113.4',
          'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
        ),
        logLine('16:00:03', '203.0.113.5', 'Another/1.0', 404),
      ]),
    };
    await Promise.all([
      processor(files)(s3Event(['cf/E1.2026-12-05-17.a.gz'])),
      processor(files)(s3Event(['cf/E1.2026-12-05-16.b.gz'])),
    ]);
    const [row] = await new DynamoDbAudienceStore({
      client: documents,
      tableName: stats.tableName,
    }).read(['2026-12-05']);

    expect(row).toMatchObject({
      feed: 'okanagan/wire.rss',
      fetches: 6,
      notModified: 1,
      bytes: 5000,
      clients: 2,
    });
    expect(row?.readers.map((r) => `${r.reader} ${r.subscribers}`).sort()).toEqual([
      'Feedly 462',
      'Inoreader 114',
    ]);
    const { Items } = await stats.client.send(new ScanCommand({ TableName: stats.tableName }));
    const stored = JSON.stringify(Items);
    expect(stored).not.toMatch(/203\.0\.113|OrchardReader/);
  });

  it('reads a key with a space in the event as S3 encodes it', async () => {
    const files = { 'cf/a b.gz': logFile([logLine('17:30:00', '203.0.113.9', 'Other/2')]) };

    await processor(files)(s3Event(['cf/a+b.gz']));
    const [row] = await new DynamoDbAudienceStore({
      client: documents,
      tableName: stats.tableName,
    }).read(['2026-12-05']);

    // The first test's six fetches and this file's one.
    expect(row?.fetches).toBe(7);
  });
});

describe('DynamoDbAudienceStore', () => {
  const delta = (clients: string[]) => ({
    day: '2026-12-04',
    feed: 'shuswap/local.json',
    fetches: clients.length,
    notModified: 0,
    bytes: 10,
    clients,
    readers: [],
  });

  it('writes a client once per warm store, and counts it once across stores', async () => {
    const puts: string[] = [];
    const counting = {
      send: (command: { constructor: { name: string } }) => {
        puts.push(command.constructor.name);
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const warm = new DynamoDbAudienceStore({ client: counting, tableName: stats.tableName });
    const other = new DynamoDbAudienceStore({ client: documents, tableName: stats.tableName });

    await warm.add([delta(['aaaa', 'bbbb'])]);
    await warm.add([delta(['aaaa'])]);
    await other.add([delta(['aaaa', 'cccc'])]);
    const [row] = await other.read(['2026-12-04']);

    expect(puts.filter((name) => name === 'PutCommand')).toHaveLength(2);
    expect(row).toMatchObject({ feed: 'shuswap/local.json', fetches: 5, clients: 3 });
  });
});

describe('DynamoDbDailyKeys', () => {
  it('gives every instance the same key for a day, made once', async () => {
    const a = new DynamoDbDailyKeys({ client: documents, tableName: keysTable.tableName, clock });
    const b = new DynamoDbDailyKeys({ client: documents, tableName: keysTable.tableName, clock });
    const [ka, kb] = await Promise.all([a.keyFor('2026-12-04'), b.keyFor('2026-12-04')]);

    expect(ka).toHaveLength(32);
    expect(Buffer.from(ka as Uint8Array).equals(Buffer.from(kb as Uint8Array))).toBe(true);
  });

  it('discards a key once its day is more than a day past, and makes none for it again', async () => {
    const yesterday = new DynamoDbDailyKeys({
      client: documents,
      tableName: keysTable.tableName,
      clock: { now: () => new Date('2026-12-03T12:00:00Z') },
    });
    expect(await yesterday.keyFor('2026-12-03')).toHaveLength(32);
    const today = new DynamoDbDailyKeys({
      client: documents,
      tableName: keysTable.tableName,
      clock,
    });

    await today.discardOld();
    const { Item } = await keysTable.client.send(
      new GetItemCommand({
        TableName: keysTable.tableName,
        Key: { pk: { S: 'key#2026-12-03' }, sk: { S: 'key' } },
      }),
    );
    expect(Item).toBeUndefined();
    expect(await today.keyFor('2026-12-03')).toBeUndefined();
  });
});
