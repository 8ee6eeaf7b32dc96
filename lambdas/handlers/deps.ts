import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { type Authenticator, createTokenAuthenticator } from '../adapters/http/authenticate.js';
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

/** The ingest Lambda's parts, built once per execution environment. */
export async function buildIngestDeps(config: Config): Promise<IngestHandlerDeps> {
  if (!config.tokenSecretArn)
    throw new Error('environment variable API_TOKEN_SECRET_ARN is required');
  return {
    stories: storyStore(config),
    clock: systemClock,
    site: config.site,
    authenticator: secretTokenAuthenticator(config.awsRegion, config.tokenSecretArn),
    appEnv: config.appEnv,
    log: logger(config),
  };
}

/**
 * The shared token from Secrets Manager, read by the first request that needs it rather than
 * at cold start (init stays free of network calls); a failed read is tried again next time.
 */
function secretTokenAuthenticator(region: string, secretArn: string): Authenticator {
  const secrets = new SecretsManagerClient({ region });
  let ready: Promise<Authenticator> | undefined;
  const load = async () => {
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!secret.SecretString) throw new Error('the API token secret is empty');
    return createTokenAuthenticator(secret.SecretString.trim());
  };
  return async (token) => {
    ready ??= load().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return (await ready)(token);
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
