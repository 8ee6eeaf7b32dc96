import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { createTokenAuthenticator } from '../adapters/http/authenticate.js';
import type { IngestHandlerDeps } from '../adapters/http/ingest-handler.js';
import { S3FeedStore } from '../adapters/s3/s3-feed-store.js';
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

function logger(config: Config) {
  return new Logger({ serviceName: 'dateline', logLevel: config.logLevel as 'INFO' });
}

/** The ingest Lambda's parts, built once per execution environment (the token read at cold start). */
export async function buildIngestDeps(config: Config): Promise<IngestHandlerDeps> {
  if (!config.tokenSecretArn)
    throw new Error('environment variable API_TOKEN_SECRET_ARN is required');
  const secrets = new SecretsManagerClient({ region: config.awsRegion });
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: config.tokenSecretArn }));
  if (!secret.SecretString) throw new Error('the API token secret is empty');
  return {
    stories: storyStore(config),
    clock: systemClock,
    site: config.site,
    authenticator: createTokenAuthenticator(secret.SecretString.trim()),
    appEnv: config.appEnv,
    log: logger(config),
  };
}

/** The publish Lambda's parts: the table, the feeds bucket, and the optional WebSub hub. */
export function buildPublishDeps(config: Config): PublishHandlerDeps {
  if (!config.feedsBucket) throw new Error('environment variable FEEDS_BUCKET_NAME is required');
  if (!config.feedBaseUrl) throw new Error('environment variable FEED_BASE_URL is required');
  const log = logger(config);
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
    notifyHub: hub
      ? createWebSubNotifier(hub, (url, reason) => log.warn('WebSub ping failed', { url, reason }))
      : undefined,
  };
}
