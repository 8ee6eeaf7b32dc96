import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbAudienceStore } from '../adapters/audience/dynamodb-audience-store.js';
import { createLocalAudience } from '../adapters/audience/local-audience.js';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbArchiveSpans } from '../adapters/dynamodb/dynamodb-archive-spans.js';
import { DynamoDbCredentialStore } from '../adapters/dynamodb/dynamodb-credential-store.js';
import { DynamoDbPartnerStore } from '../adapters/dynamodb/dynamodb-partner-store.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { FolderFeedStore } from '../adapters/folder/folder-feed-store.js';
import { createIngestHandler, type Log } from '../adapters/http/ingest-handler.js';
import { buildOpenApiDocument } from '../adapters/http/openapi.js';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMIT,
  limitCredentials,
  type RateLimit,
} from '../adapters/http/rate-limit.js';
import type { RetrySchedule } from '../adapters/push/retry-schedule.js';
import type { Clock } from '../core/ports.js';
import type { SiteConfig } from '../core/site-config.js';
import { authenticateToken } from '../core/use-cases/authenticate-token.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { ensureCredentialsTable, ensureStatsTable, ensureTable } from './ensure-table.js';
import { createLocalServer } from './http-server.js';
import { DEFAULT_HOST } from './local-config.js';
import {
  instrumentDynamoDb,
  instrumentFeeds,
  instrumentMetrics,
  type LocalInstrument,
} from './local-instrument.js';
import { type LocalPublisher, startLocalPublisher } from './local-publisher.js';
import { startPublisherThread } from './publisher-thread.js';
import { seedSamples } from './seed.js';

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
  /**
   * How often a sweep also writes the sitemap files whose days changed (on AWS every sweep, once
   * a minute, does); @default 5000 ms: a sweep every 250 ms rewriting a day's sitemap under a
   * stream of posts would cost more than the posts
   */
  readonly sitemapIntervalMs?: number;
  readonly clock?: Clock;
  /** Each scoped credential's request rate; @default DEFAULT_RATE_LIMIT (10/s, bursts of 5) */
  readonly rateLimit?: RateLimit;
  /** Told each start-up step as it begins (and what DynamoDB Local's start is waiting for). */
  readonly progress?: (message: string) => void;
  /** How often the audience counts of feed requests are written; @default 5000 */
  readonly audienceFlushMs?: number;
  /** Count feed requests for `GET /stats` (the bench turns it off to compare); @default true */
  readonly countAudience?: boolean;
  /** What the bench counts: every feed-folder request, DynamoDB capacity unit and metric. */
  readonly instrument?: LocalInstrument;
  /**
   * Publish in a worker thread of its own (`npm start`, the bench), as the publisher runs in
   * Lambdas of its own on AWS: renders then never hold up the API's requests. Needs the real
   * clock. @default false (tests: one thread, which a custom clock can drive)
   */
  readonly publisherThread?: boolean;
  /** Partner push retries (not in a publisher thread); @default the real 24-hour schedule */
  readonly pushSchedule?: RetrySchedule;
}

export interface LocalApp {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly seeded: number;
  /**
   * Resolves once every change made so far has been published (the sitemap files follow at
   * the next sweep: see `sweep`).
   */
  settled(): Promise<void>;
  /** Runs the minute sweep now (due changes, then the sitemap files) and waits for it. */
  sweep(): Promise<void>;
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
  const instrument = options.instrument ?? {};
  const client = createDynamoDbClient({ region: REGION, endpoint });
  instrumentDynamoDb(client, instrument);
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
  const feeds = instrumentFeeds(new FolderFeedStore(feedDir), instrument);
  const documents = createDocumentClient(client);
  const stories = new DynamoDbStoryStore({ client: documents, tableName });
  const credentials = new DynamoDbCredentialStore({
    client: documents,
    tableName: credentialsTableName,
  });
  // Push partners beside the credentials: their signing secrets never reach a stream either.
  const partners = new DynamoDbPartnerStore({ client: documents, tableName: credentialsTableName });
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
  let publisher: LocalPublisher | undefined;
  const server = createLocalServer({
    ingest: async (event) => {
      const result = await (ingest as NonNullable<typeof ingest>)(event);
      // A write reaches the stream at once: read it now, not after the poller's idle pause.
      publisher?.wake();
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
      await (publisher as LocalPublisher).rebuild();
    })()
      .catch((error) => log.error('rebuild failed', { error }))
      .finally(() => rebuilds.delete(running));
    rebuilds.add(running);
  };
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, clock);
  ingest = createIngestHandler({
    stories,
    credentials,
    // Where an answer says a story can be read (ingest's read-only view of the archives).
    placement: {
      archive: new DynamoDbArchiveSpans({ client: documents, tableName }),
      feedBaseUrl: url,
    },
    clock,
    site,
    // Per credential, after authentication: 429 for one that sends too fast.
    authenticator: limitCredentials(
      (bearer) => authenticateToken({ credentials, clock, adminToken }, bearer),
      limiter,
    ),
    appEnv: 'local',
    log,
    startRebuild,
    partners,
    audience: audienceStore,
    beforeAudienceReport: () => audience.flush(),
    feedBaseUrl: url,
  });
  progress('rendering every feed');
  const sweepIntervalMs = options.sweepIntervalMs ?? 250;
  const sitemapIntervalMs = options.sitemapIntervalMs ?? 5000;
  if (options.publisherThread) {
    if (options.clock) throw new Error('a publisher thread runs on the real clock: drop `clock`');
    const data = {
      endpoint,
      tableName,
      streamArn: table.streamArn,
      feedDir,
      site,
      sweepIntervalMs,
      sitemapIntervalMs,
    };
    publisher = await startPublisherThread(
      { ...data, feedBaseUrl: url },
      { log, instrument: options.instrument },
    );
  } else {
    publisher = await startLocalPublisher({
      endpoint,
      streamArn: table.streamArn,
      stories,
      feeds,
      site,
      clock,
      feedBaseUrl: url,
      log,
      metrics: instrumentMetrics(instrument),
      sweepIntervalMs,
      sitemapIntervalMs,
      stopping: () => stopping,
      partners,
      pushSchedule: options.pushSchedule,
    });
  }
  const running = publisher;
  cleanups.push(() => running.stop());

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
      await running.settled();
    },
    sweep: () => running.sweep(),
    stop: () => {
      stopping = true;
      return stop();
    },
  };
}
