import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { createDynamoDbClient } from '../../../lambdas/adapters/dynamodb/client.js';
import type { AudienceReport } from '../../../lambdas/core/use-cases/audience/audience-report.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { sharedDynamoDbEndpoint, TEST_REGION } from '../support/dynamodb.js';
import { api, startTestApp, TEST_TOKEN } from '../support/local-app.js';

/**
 * Issue 23's "done when", over real HTTP: a feed fetched by six hosted readers and by 20 other
 * clients (20 User-Agents from this machine's one address), some conditionally, gives exactly
 * 462 + 114 + 102 + 27 + 1 + 1 + 20 subscribers that day, and the fetch, 304 and byte counts of
 * what the clients received; and nothing stored anywhere holds the address or those User-Agents.
 */

const HOSTED = [
  // Feedly reports a smaller count first: the day keeps its latest.
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 400 subscribers; )',
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )',
  'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
  'Feedbin feed-id:1697787 - 102 subscribers',
  'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/6029/okanagan-wire',
  'Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=a61e93c8b2f0)',
  'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)',
];
const CLIENTS = Array.from(
  { length: 20 },
  (_, i) => `OrchardReader/3.${i} (Linux; test client ${randomUUID()})`,
);
const FEED = '/feeds/okanagan/wire.rss';

interface Received {
  status: number;
  bytes: number;
  etag: string;
}

/** A GET with exactly these headers; counts the body bytes as they arrive on the socket. */
function get(url: string, headers: Record<string, string>): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'close', ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, bytes, etag: String(res.headers.etag ?? '') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let app: LocalApp;
let dataDir: string;
const tableName = `local-${randomUUID()}`;
const sent = { fetches: 0, notModified: 0, bytes: 0 };

async function fetchFeed(headers: Record<string, string>): Promise<Received> {
  const got = await get(`${app.url}${FEED}`, headers);
  expect([200, 304]).toContain(got.status);
  sent.fetches += 1;
  if (got.status === 304) sent.notModified += 1;
  sent.bytes += got.bytes;
  return got;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dateline-audience-'));
  app = await startTestApp({ tableName, dataDir });
  for (const userAgent of HOSTED) await fetchFeed({ 'user-agent': userAgent });
  for (const [i, userAgent] of CLIENTS.entries()) {
    const encoding = i % 2 === 0 ? 'gzip' : 'identity';
    const first = await fetchFeed({ 'user-agent': userAgent, 'accept-encoding': encoding });
    // Every third client polls again with its ETag: answered 304, no body.
    if (i % 3 === 0) {
      const again = await fetchFeed({
        'user-agent': userAgent,
        'accept-encoding': encoding,
        'if-none-match': first.etag,
      });
      expect(again.status).toBe(304);
    }
  }
  // Neither a HEAD, a 404 nor the feed's HTML view is a feed fetch.
  await get(`${app.url}/feeds/okanagan/nothing.rss`, { 'user-agent': CLIENTS[0] as string });
  await get(`${app.url}/feeds/okanagan/wire.html`, { 'user-agent': CLIENTS[1] as string });
});

afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function report(): Promise<AudienceReport> {
  const res = await api(app, 'GET', '/stats.json');
  expect(res.status).toBe(200);
  return (await res.json()) as AudienceReport;
}

describe('audience counting in local mode', () => {
  it('counts 727 subscribers, every fetch, every 304 and every byte the clients received', async () => {
    const figures = await report();
    const feed = figures.feeds.find((f) => f.feed === 'okanagan/wire' && f.format === 'rss');
    const today = feed?.days.at(-1);

    expect(figures.feeds.map((f) => `${f.feed}.${f.format}`)).toEqual(['okanagan/wire.rss']);
    expect(feed?.days).toHaveLength(90);
    expect(today?.day).toBe(figures.to);
    expect(today?.subscribers).toBe(462 + 114 + 102 + 27 + 1 + 1 + 20);
    expect(today?.clients).toBe(20);
    expect(sent.notModified).toBe(7);
    expect(today).toMatchObject(sent);
    expect(today?.topReaders).toEqual([
      { reader: 'Feedly', subscribers: 462 },
      { reader: 'Inoreader', subscribers: 114 },
      { reader: 'Feedbin', feedId: '1697787', subscribers: 102 },
      { reader: 'NewsBlur', subscribers: 27 },
      { reader: 'BazQux', subscribers: 1 },
      { reader: 'The Old Reader', feedId: 'a61e93c8b2f0', subscribers: 1 },
    ]);
  });

  it('counts a client seen again that day once', async () => {
    await fetchFeed({ 'user-agent': CLIENTS[4] as string });
    const today = (await report()).feeds[0]?.days.at(-1);

    expect(today?.clients).toBe(20);
    expect(today?.fetches).toBe(sent.fetches);
  });

  it('keeps neither the address nor a client User-Agent in any table or file', async () => {
    await api(app, 'GET', '/stats.json');
    const client = createDynamoDbClient({
      region: TEST_REGION,
      endpoint: await sharedDynamoDbEndpoint(),
    });
    const stored: string[] = [];
    try {
      for (const table of [tableName, `${tableName}-credentials`, `${tableName}-stats`]) {
        const { Items } = await client.send(new ScanCommand({ TableName: table }));
        stored.push(JSON.stringify(Items));
      }
    } finally {
      client.destroy();
    }
    for (const file of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) stored.push(await readFile(join(file.parentPath, file.name), 'latin1'));
    }
    const everything = stored.join('\n');

    expect(everything).toContain('okanagan/wire.rss');
    expect(everything).not.toContain('127.0.0.1');
    for (const userAgent of CLIENTS) expect(everything).not.toContain(userAgent);
    expect(everything).not.toContain('OrchardReader');
  });

  it('answers 403 to a credential without the stats ability and 200 to one with it', async () => {
    const desk = await api(app, 'POST', '/credentials', {
      name: 'desk',
      channels: ['*'],
      regions: ['*'],
      abilities: ['edit'],
    });
    const deskToken = ((await desk.json()) as { token: string }).token;
    // The analyst's credential as an admin makes it: `dateline credentials create --stats`.
    const out: string[] = [];
    const code = await main(
      [
        'credentials',
        'create',
        'analyst',
        '--channels',
        '*',
        '--regions',
        '*',
        '--stats',
        '--json',
      ],
      {
        env: { ...process.env, DATELINE_URL: app.url, DATELINE_TOKEN: TEST_TOKEN },
        out: (line) => out.push(line),
        err: () => undefined,
      },
    );
    const created = JSON.parse(out.join('\n')) as {
      token: string;
      credential: { abilities?: string[] };
    };
    const asDesk = await fetch(`${app.url}/stats.json`, {
      headers: { authorization: `Bearer ${deskToken}` },
    });
    const asAnalyst = await fetch(`${app.url}/stats`, {
      headers: { authorization: `Bearer ${created.token}` },
    });

    expect(code).toBe(0);
    expect(created.credential.abilities).toEqual(['stats']);
    expect(asDesk.status).toBe(403);
    expect(((await asDesk.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(asAnalyst.status).toBe(200);
    expect(asAnalyst.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('refuses a bad number of days with 400 naming the parameter', async () => {
    const res = await api(app, 'GET', '/stats.json?days=401');
    const body = (await res.json()) as { error: { details: Array<{ path: string }> } };

    expect(res.status).toBe(400);
    expect(body.error.details[0]?.path).toBe('days');
  });

  it('prints the same figures as a table with `dateline stats`', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['stats', '--days', '7'], {
      env: { ...process.env, DATELINE_URL: app.url, DATELINE_TOKEN: TEST_TOKEN },
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    const row = out.find((line) => line.startsWith('okanagan/wire.rss'))?.split(/ {2,}/);

    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out[1]).toMatch(
      /^FEED +SUBSCRIBERS +ON \d{4}-\d\d-\d\d +FETCHES +304 +BYTES +TOP READER$/,
    );
    expect(row).toEqual([
      'okanagan/wire.rss',
      '727',
      '0',
      String(sent.fetches),
      String(sent.notModified),
      String(sent.bytes),
      'Feedly (462)',
    ]);
  });
});
