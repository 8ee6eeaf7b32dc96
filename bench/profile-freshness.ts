import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FolderFeedStore } from '../lambdas/adapters/folder/folder-feed-store.js';
import { startDynamoDbLocal } from '../lambdas/local/dynamodb-local.js';
import { startLocalApp } from '../lambdas/local/local-app.js';
import { silentLog, site, TOKEN, wireJson } from './fixtures.js';
import { median } from './stats.js';

/**
 * Where POST → visible spends its time, one sender, local mode: `npx tsx bench/profile-freshness.ts`.
 * Times every DynamoDB, stream and feed-store call (by wrapping their prototypes, for this
 * process only), then splits each story's wait into stages by timestamps:
 * ingest (POST until its answer), stream (answer until GetRecords returns the story), publish
 * (until the last feed format is written), seen (until a reader's GET shows it).
 */
interface Op {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly note?: string;
  /** Story keys a GetRecords call returned. */
  readonly keys?: string;
}
const ops: Op[] = [];

function wrap<T extends object>(proto: T, method: string, label: (args: unknown[]) => string) {
  const original = (proto as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
  (proto as Record<string, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    let result: unknown;
    try {
      result = await original.apply(this, args);
      return result;
    } finally {
      const records = (
        result as { Records?: Array<{ dynamodb?: { Keys?: { pk?: { S?: string } } } }> }
      )?.Records;
      const keys = records?.map((r) => r.dynamodb?.Keys?.pk?.S).join(' ');
      ops.push({ name: label(args), start, end: performance.now(), note: noteOf(args), keys });
    }
  };
}
const commandName = (args: unknown[]) =>
  (args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
function noteOf(args: unknown[]): string | undefined {
  const first = args[0] as {
    key?: string;
    input?: { ExpressionAttributeValues?: { ':pk'?: string } };
  };
  return first?.key ?? first?.input?.ExpressionAttributeValues?.[':pk'];
}

wrap(DynamoDBDocumentClient.prototype, 'send', (args) => `ddb ${commandName(args)}`);
wrap(DynamoDBStreamsClient.prototype, 'send', (args) => `stream ${commandName(args)}`);
wrap(FolderFeedStore.prototype, 'get', (args) => `file get ${kindOf(String(args[0]))}`);
wrap(FolderFeedStore.prototype, 'head', (args) => `file head ${kindOf(String(args[0]))}`);
wrap(
  FolderFeedStore.prototype,
  'put',
  (args) => `file put ${kindOf((args[0] as { key: string }).key)}`,
);

function kindOf(key: string): string {
  if (key.startsWith('pages/')) return 'page';
  if (key.includes('/archive/')) return 'archive';
  return key.slice(key.lastIndexOf('.') + 1);
}

async function main() {
  const posts = Number(process.argv[2] ?? 40);
  const dynamo = await startDynamoDbLocal({ readyTimeoutMs: 180_000 });
  const app = await startLocalApp({
    site,
    port: 0,
    token: TOKEN,
    seed: false,
    dynamodbEndpoint: dynamo.endpoint,
    tableName: `profile-${randomUUID()}`,
    log: silentLog,
  });
  const stages: Record<string, number[]> = {
    ingest: [],
    stream: [],
    publish: [],
    seen: [],
    total: [],
  };
  const perStory: Array<Map<string, number>> = [];
  try {
    for (let n = 0; n < posts; n++) {
      const id = `profile-n${String(n).padStart(3, '0')}`;
      const t0 = performance.now();
      ops.length = 0;
      const response = await fetch(`${app.url}/stories`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...wireJson(id, 0, 'okanagan'),
          publishedAt: new Date().toISOString(),
        }),
      });
      await response.arrayBuffer();
      const t1 = performance.now();
      await waitVisible(app.url, id);
      const t4 = performance.now();
      const records = ops.find((op) => op.name === 'stream GetRecords' && op.keys?.includes(id));
      const puts = ops.filter(
        (op) => op.name.startsWith('file put') && /rss|atom|json/.test(op.name),
      );
      const t2 = records?.end ?? t1;
      const t3 = Math.max(...puts.map((op) => op.end), t2);
      stages.ingest?.push(t1 - t0);
      stages.stream?.push(t2 - t1);
      stages.publish?.push(t3 - t2);
      stages.seen?.push(t4 - t3);
      stages.total?.push(t4 - t0);
      const byName = new Map<string, number>();
      for (const op of ops) {
        if (op.start < t2 || op.end > t3) continue;
        byName.set(op.name, (byName.get(op.name) ?? 0) + (op.end - op.start));
        byName.set(`#${op.name}`, (byName.get(`#${op.name}`) ?? 0) + 1);
      }
      perStory.push(byName);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  } finally {
    await app.stop();
    await dynamo.stop();
  }
  console.log(`POST → visible, one sender, ${posts} posts (medians, ms; last 20 posts: full feed)`);
  for (const [stage, values] of Object.entries(stages)) {
    console.log(
      `  ${stage.padEnd(10)} all ${median(values).toFixed(1).padStart(7)}   full feed ${median(values.slice(-20)).toFixed(1).padStart(7)}`,
    );
  }
  console.log(
    'Inside publish (median per story over the last 20; summed time of overlapping calls, count):',
  );
  const names = new Set(
    perStory.slice(-20).flatMap((m) => [...m.keys()].filter((k) => !k.startsWith('#'))),
  );
  for (const name of [...names].sort()) {
    const times = perStory.slice(-20).map((m) => m.get(name) ?? 0);
    const counts = perStory.slice(-20).map((m) => m.get(`#${name}`) ?? 0);
    console.log(
      `  ${name.padEnd(28)} ${median(times).toFixed(1).padStart(7)} ms  ×${median(counts)}`,
    );
  }
}

async function waitVisible(baseUrl: string, id: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const bodies = await Promise.all(
      ['rss', 'atom', 'json'].map(async (f) =>
        (await fetch(`${baseUrl}/feeds/okanagan/wire.${f}`)).text(),
      ),
    );
    if (bodies.every((body) => body.includes(`story/${id}`))) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${id} not visible after 30 s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
