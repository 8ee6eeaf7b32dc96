import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { createTokenAuthenticator } from '../adapters/http/authenticate.js';
import type { IngestHandlerDeps } from '../adapters/http/ingest-handler.js';
import { SERVICE_NAME } from '../adapters/observability/metric-names.js';
import { createMetricSink } from '../adapters/observability/metric-sink.js';
import { S3FeedStore } from '../adapters/s3/s3-feed-store.js';
import { createSecretReader } from '../adapters/secrets/secret-reader.js';
import type { PublishHandlerDeps } from '../adapters/stream/publish-handler.js';
import { createWebSubNotifier } from '../adapters/websub/websub-notifier.js';
import type { Config } from '../config.js';

const systemClock = { now: () => new Date() };

function storyStore(config: Config) {
  const client = createDynamoDbClient({
    region: config.awsRegion,
    endpoint: config.dynamodbEndpoint,
  });
  return new DynamoDbStoryStore({
    client: createDocumentClient(client),
    tableName: config.tableName,
  });
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
 * The ingest Lambda's parts, built once per execution environment. The token is read on first
 * use and again once a minute (see createSecretReader), so a rotation needs no deploy.
 */
export function buildIngestDeps(config: Config, tools: Tools): IngestHandlerDeps {
  if (!config.tokenSecretArn)
    throw new Error('environment variable API_TOKEN_SECRET_ARN is required');
  const readToken = createSecretReader({
    secretId: config.tokenSecretArn,
    client: new SecretsManagerClient({ region: config.awsRegion }),
  });
  return {
    stories: storyStore(config),
    clock: systemClock,
    site: config.site,
    authenticator: async (candidate) => createTokenAuthenticator(await readToken())(candidate),
    appEnv: config.appEnv,
    log: tools.logger,
    metrics: createMetricSink(tools.metrics),
  };
}

/** The publish Lambda's parts: the table, the feeds bucket, and the optional WebSub hub. */
export function buildPublishDeps(config: Config, tools: Tools): PublishHandlerDeps {
  if (!config.feedsBucket) throw new Error('environment variable FEEDS_BUCKET_NAME is required');
  if (!config.feedBaseUrl) throw new Error('environment variable FEED_BASE_URL is required');
  const log = tools.logger;
  const hub = config.site.websubHub;
  return {
    stories: storyStore(config),
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
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
