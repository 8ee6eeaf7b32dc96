import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDbAudienceStore } from '../adapters/audience/dynamodb-audience-store.js';
import { createLocalAudience } from '../adapters/audience/local-audience.js';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbCredentialStore } from '../adapters/dynamodb/dynamodb-credential-store.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { FolderFeedStore } from '../adapters/folder/folder-feed-store.js';
import { createIngestHandler, type Log } from '../adapters/http/ingest-handler.js';
import { buildOpenApiDocument } from '../adapters/http/openapi.js';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMIT,
  type RateLimit,
} from '../adapters/http/rate-limit.js';
import type { MetricSink } from '../adapters/observability/metric-sink.js';
import { createFeedRender } from '../adapters/queue/feed-render-handler.js';
import { createLocalFeedQueue } from '../adapters/queue/local-feed-queue.js';
import { createPublishHandler } from '../adapters/stream/publish-handler.js';
import { createWebSubNotifier } from '../adapters/websub/websub-notifier.js';
import type { Clock, FeedStore } from '../core/ports.js';
import type { SiteConfig } from '../core/site-config.js';
import { authenticateToken } from '../core/use-cases/authenticate-token.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { ensureCredentialsTable, ensureStatsTable, ensureTable } from './ensure-table.js';
import { createLocalServer } from './http-server.js';
import { DEFAULT_HOST } from './local-config.js';
import { seedSamples } from './seed.js';
import { createStreamPoller } from './stream-poller.js';
import { createSweepTimer } from './sweep-timer.js';

export interface LocalAppOptions {
  readonly site: SiteConfig;
  /** 0 picks a free port. */
  readonly port: number;
  /** The interface to listen on; @default '127.0.0.1' (this machine only) */
  readonly host?: string;
  readonly token?: string;
  /** Keep DynamoDB Local's database and the feed files here; otherwise in memory and a temp dir. */
  readonly dataDir?: string;
  readonly seed: boolean;
  /** Use a DynamoDB Local that is already running (tests) instead of starting one. */
  readonly dynamodbEndpoint?: string;
  readonly tableName?: string;
  readonly log: Log;
  /** How often embargo lifts and expiries are checked; @default 250 */
  readonly sweepIntervalMs?: number;
  readonly clock?: Clock;
  /** Each scoped credential's request rate; @default DEFAULT_RATE_LIMIT (50/s, bursts of 100) */
  readonly rateLimit?: RateLimit;
  /** Told each start-up step as it begins (and what DynamoDB Local's start is waiting for). */
  readonly progress?: (message: string) => void;
  /** How often the audience counts of feed requests are written; @default 5000 */
  readonly audienceFlushMs?: number;
  /** Count feed requests for `GET /stats` (the bench turns it off to compare); @default true */
  readonly countAudience?: boolean;
  /** What the bench counts: it sees the feed store, the DynamoDB client and the metrics. */
  readonly instrument?: LocalInstrument;
}

/** Hooks for counting what local mode does, as it would be billed on AWS (the bench). */
export interface LocalInstrument {
  /** Wraps the feed folder (S3 on AWS): every GET, HEAD and PUT passes through it. */
  readonly feeds?: (store: FeedStore) => FeedStore;
  /** Given the DynamoDB client once made (e.g. to add a middleware). */
  readonly dynamodb?: (client: DynamoDBClient) => void;
  /** The metrics the publisher emits on AWS. */
  readonly metrics?: MetricSink;
}

export interface LocalApp {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly seeded: number;
  /** Resolves once every change made so far has been published. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const REGION = 'local';

/** Local mode: the very same handlers, wired to DynamoDB Local, a folder and a timer. */
export async function startLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    return await start(options, cleanups, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function start(
  options: LocalAppOptions,
  cleanups: Array<() => Promise<void>>,
  stop: () => Promise<void>,
): Promise<LocalApp> {
  const { site, log } = options;
  const progress = options.progress ?? (() => undefined);
  // Ctrl-C in a terminal reaches DynamoDB Local's JVM too: failures while stopping are expected.
  let stopping = false;
  let endpoint = options.dynamodbEndpoint;
  if (!endpoint) {
    const dynamo = await startDynamoDbLocal({
      dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
      progress,
    });
    progress('DynamoDB Local is up');
    cleanups.push(() => dynamo.stop());
    endpoint = dynamo.endpoint;
  }
  const client = createDynamoDbClient({ region: REGION, endpoint });
  options.instrument?.dynamodb?.(client);
  cleanups.push(async () => client.destroy());
  const tableName = options.tableName ?? 'dateline-stories';
  progress(`creating the table ${tableName} (if new) and its stream`);
  const table = await ensureTable(client, tableName);
  // Credentials in a table of their own without a stream, as on AWS: never in the poller's view.
  const credentialsTableName = `${tableName}-credentials`;
  await ensureCredentialsTable(client, credentialsTableName);
  // Audience counts (GET /stats) in a table of their own, as on AWS.
  const statsTableName = `${tableName}-stats`;
  await ensureStatsTable(client, statsTableName);

  const feedDir = options.dataDir
    ? join(options.dataDir, 'feeds')
    : await mkdtemp(join(tmpdir(), 'dateline-feeds-'));
  if (!options.dataDir) cleanups.push(() => rm(feedDir, { recursive: true, force: true }));
  const folder = new FolderFeedStore(feedDir);
  const feeds = options.instrument?.feeds?.(folder) ?? folder;
  const documents = createDocumentClient(client);
  const stories = new DynamoDbStoryStore({ client: documents, tableName });
  const credentials = new DynamoDbCredentialStore({
    client: documents,
    tableName: credentialsTableName,
  });
  const clock = options.clock ?? { now: () => new Date() };
  const audienceStore = new DynamoDbAudienceStore({ client: documents, tableName: statsTableName });
  const audience = createLocalAudience({
    store: audienceStore,
    clock,
    flushMs: options.audienceFlushMs,
    onError: (error) => {
      if (!stopping) log.error('audience counting failed', { error });
    },
  });
  cleanups.push(() => audience.stop());
  const token = options.token ?? randomBytes(24).toString('base64url');

  let ready = false;
  let url = '';
  let ingest: ReturnType<typeof createIngestHandler> | undefined;
  let poller: ReturnType<typeof createStreamPoller> | undefined;
  const server = createLocalServer({
    ingest: async (event) => {
      const result = await (ingest as NonNullable<typeof ingest>)(event);
      // A write reaches the stream at once: read it now, not after the poller's idle pause.
      poller?.wake();
      return result;
    },
    feeds,
    audience: options.countAudience === false ? undefined : audience,
    isReady: () => ready,
    openApi: () => buildOpenApiDocument({ serverUrl: url }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? DEFAULT_HOST, resolve);
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  url = `http://localhost:${port}`;

  // No authorizer (and so no cache) in front locally: a revoked token fails on its next request.
  const adminToken = async () => token;
  // POST /rebuild runs the publisher's rebuild in the background, as the async invoke on AWS.
  const rebuilds = new Set<Promise<unknown>>();
  const startRebuild = async () => {
    const running = (async () => {
      await publish({ source: 'dateline.rebuild' });
    })()
      .catch((error) => log.error('rebuild failed', { error }))
      .finally(() => rebuilds.delete(running));
    rebuilds.add(running);
  };
  const takeToken = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, clock);
  ingest = createIngestHandler({
    stories,
    credentials,
    clock,
    site,
    authenticator: async (bearer) => {
      const result = await authenticateToken({ credentials, clock, adminToken }, bearer);
      // Per credential, after authentication: 429 for one that sends too fast.
      if (result.ok && !result.principal.admin) takeToken(result.principal.name);
      return result;
    },
    appEnv: 'local',
    log,
    startRebuild,
    audience: audienceStore,
    beforeAudienceReport: () => audience.flush(),
    feedBaseUrl: url,
  });
  const hub = site.websubHub;
  const notifyHub = hub
    ? createWebSubNotifier(hub, (feed, reason) => log.warn('WebSub ping failed', { feed, reason }))
    : undefined;
  const metrics = options.instrument?.metrics;
  const publishing = { stories, feeds, clock, site, feedBaseUrl: url, log, notifyHub, metrics };
  // The per-feed queue (SQS FIFO and the render Lambda on AWS): one worker per feed.
  const renderFeed = createFeedRender(publishing);
  const feedQueue = createLocalFeedQueue({
    render: async (feed) => void (await renderFeed(feed)),
    onError: (error, feed) => {
      if (!stopping) log.error('feed render failed after retries', { feed, error });
    },
  });
  cleanups.push(() => feedQueue.stop());
  const publish = createPublishHandler({
    ...publishing,
    rememberStories: (items) => stories.remember(items),
    feedQueue,
  });
  progress('rendering every feed');
  await publish({ source: 'dateline.rebuild' });

  const streams = new DynamoDBStreamsClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
  });
  cleanups.push(async () => streams.destroy());
  poller = createStreamPoller({
    streams,
    streamArn: table.streamArn,
    handler: async (event) => void (await publish(event)),
    onError: (error) => {
      if (!stopping) log.error('stream batch failed after retries', { error });
    },
  });
  const started = poller;
  await started.start();
  cleanups.push(() => started.stop());
  const sweeper = createSweepTimer(async () => void (await publish({ source: 'dateline.sweep' })), {
    intervalMs: options.sweepIntervalMs ?? 250,
    onError: (error) => {
      if (!stopping) log.error('sweep failed', { error });
    },
  });
  cleanups.push(() => sweeper.stop());

  const seeding = options.seed && table.created;
  if (seeding) progress('loading the sample stories');
  const seeded = seeding ? await seedSamples({ stories, clock }, site) : 0;
  ready = true;
  return {
    url,
    port,
    token,
    seeded,
    settled: async () => {
      await Promise.all(rebuilds);
      await started.settled();
      await feedQueue.settled();
      await sweeper.settled();
      await feedQueue.settled();
    },
    stop: () => {
      stopping = true;
      return stop();
    },
  };
}
