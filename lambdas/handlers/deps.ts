import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbAudienceStore } from '../adapters/audience/dynamodb-audience-store.js';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbArchiveSpans } from '../adapters/dynamodb/dynamodb-archive-spans.js';
import { DynamoDbCredentialStore } from '../adapters/dynamodb/dynamodb-credential-store.js';
import { DynamoDbPartnerStore } from '../adapters/dynamodb/dynamodb-partner-store.js';
import { DynamoDbRateLimiter } from '../adapters/dynamodb/dynamodb-rate-limiter.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import type { IngestHandlerDeps } from '../adapters/http/ingest-handler.js';
import { DEFAULT_RATE_LIMIT } from '../adapters/http/rate-limit.js';
import { createRebuildStarter } from '../adapters/lambda/rebuild-starter.js';
import { SERVICE_NAME } from '../adapters/observability/metric-names.js';
import { createMetricSink } from '../adapters/observability/metric-sink.js';
import type { PushSenderDeps } from '../adapters/push/push-sender-handler.js';
import { createSqsPartnerNotifier } from '../adapters/push/sqs-partner-notifier.js';
import type { FeedRenderDeps } from '../adapters/queue/feed-render-handler.js';
import { SqsFeedQueue } from '../adapters/queue/sqs-feed-queue.js';
import { S3FeedStore } from '../adapters/s3/s3-feed-store.js';
import type { PublishHandlerDeps } from '../adapters/stream/publish-handler.js';
import { createWebSubNotifier } from '../adapters/websub/websub-notifier.js';
import { type Config, fail } from '../config.js';

const systemClock = { now: () => new Date() };

function documentClient(config: Config) {
  return createDocumentClient(
    createDynamoDbClient({ region: config.awsRegion, endpoint: config.dynamodbEndpoint }),
  );
}

function storyStore(config: Config) {
  return new DynamoDbStoryStore({ client: documentClient(config), tableName: config.tableName });
}

/** The structured logger and the EMF metrics of one function, shared by its handler and wrapper. */
export function observability(config: Config) {
  return {
    logger: new Logger({ serviceName: SERVICE_NAME, logLevel: config.logLevel as 'INFO' }),
    metrics: new Metrics({ namespace: config.metricsNamespace, serviceName: SERVICE_NAME }),
  };
}

type Tools = ReturnType<typeof observability>;

/**
 * The ingest Lambda's parts, built once per execution environment. It holds no token and no
 * authenticator: the HTTP API's Lambda authorizer has authenticated every request before it
 * runs, and a request without the authorizer's principal is refused with 401.
 */
export function buildIngestDeps(config: Config, tools: Tools): IngestHandlerDeps {
  const client = documentClient(config);
  if (!config.credentialsTableName) {
    throw new Error('environment variable CREDENTIALS_TABLE_NAME is required');
  }
  // Answers say where a story can be read: the feeds' URLs, and their archive spans.
  if (!config.feedBaseUrl) throw new Error('environment variable FEED_BASE_URL is required');
  const rateLimiter = new DynamoDbRateLimiter({
    client,
    tableName: config.credentialsTableName,
    perSecond: DEFAULT_RATE_LIMIT.perSecond,
    clock: systemClock,
  });
  return {
    stories: new DynamoDbStoryStore({ client, tableName: config.tableName }),
    credentials: new DynamoDbCredentialStore({ client, tableName: config.credentialsTableName }),
    placement: {
      archive: new DynamoDbArchiveSpans({ client, tableName: config.tableName }),
      feedBaseUrl: config.feedBaseUrl,
    },
    partners: new DynamoDbPartnerStore({ client, tableName: config.credentialsTableName }),
    clock: systemClock,
    site: config.site,
    appEnv: config.appEnv,
    log: tools.logger,
    metrics: createMetricSink(tools.metrics),
    rateLimit: (name) => rateLimiter.take(name),
    audience: config.statsTableName
      ? new DynamoDbAudienceStore({ client, tableName: config.statsTableName })
      : undefined,
    feedBaseUrl: config.feedBaseUrl,
    startRebuild: config.publishFunctionName
      ? createRebuildStarter({ region: config.awsRegion, functionName: config.publishFunctionName })
      : undefined,
  };
}

/**
 * The publish Lambda's parts: the table, the feeds bucket, the per-feed queue it hands changed
 * feeds to (FEED_QUEUE_URL), and the optional WebSub hub.
 */
export function buildPublishDeps(config: Config, tools: Tools): PublishHandlerDeps {
  const stories = storyStore(config);
  const feedQueue = config.feedQueueUrl
    ? new SqsFeedQueue({
        client: new SQSClient({ region: config.awsRegion }),
        queueUrl: config.feedQueueUrl,
        clock: systemClock,
        windowMs: config.feedQueueWindowMs,
      })
    : undefined;
  return {
    ...buildFeedRenderDeps(config, tools, stories),
    rememberStories: (items) => stories.remember(items),
    feedQueue,
  };
}

/** The feed render Lambda's parts (and the publisher's, which renders story pages and rebuilds). */
export function buildFeedRenderDeps(
  config: Config,
  tools: Tools,
  stories = storyStore(config),
): FeedRenderDeps {
  if (!config.feedsBucket) throw new Error('environment variable FEEDS_BUCKET_NAME is required');
  if (!config.feedBaseUrl) throw new Error('environment variable FEED_BASE_URL is required');
  const log = tools.logger;
  const hub = config.site.websubHub;
  return {
    stories,
    feeds: new S3FeedStore({
      client: new S3Client({ region: config.awsRegion }),
      bucket: config.feedsBucket,
    }),
    clock: systemClock,
    site: config.site,
    feedBaseUrl: config.feedBaseUrl,
    log,
    metrics: createMetricSink(tools.metrics),
    backoff: (attempt) => sleep(50 * 2 ** attempt),
    notifyHub: hub
      ? createWebSubNotifier(hub, (url, reason) => log.warn('WebSub ping failed', { url, reason }))
      : undefined,
    // The render function only: each render's item changes go to the partner push queue.
    notifyPartners: config.pushQueueUrl
      ? createSqsPartnerNotifier({
          client: new SQSClient({ region: config.awsRegion }),
          queueUrl: config.pushQueueUrl,
        })
      : undefined,
  };
}

/** The push sender's parts: partners (credentials table), the push queue and its parked queue. */
export function buildPushSenderDeps(config: Config, tools: Tools): PushSenderDeps {
  const { credentialsTableName, pushQueueUrl, pushParkedQueueUrl, feedBaseUrl } = config;
  if (!credentialsTableName) fail('CREDENTIALS_TABLE_NAME', 'is required');
  if (!pushQueueUrl) fail('PUSH_QUEUE_URL', 'is required');
  if (!pushParkedQueueUrl) fail('PUSH_PARKED_QUEUE_URL', 'is required');
  if (!feedBaseUrl) fail('FEED_BASE_URL', 'is required');
  return {
    partners: new DynamoDbPartnerStore({
      client: documentClient(config),
      tableName: credentialsTableName,
    }),
    clock: systemClock,
    sqs: new SQSClient({ region: config.awsRegion }),
    queueUrl: pushQueueUrl,
    parkedQueueUrl: pushParkedQueueUrl,
    feedBaseUrl,
    log: tools.logger,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
