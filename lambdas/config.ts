import type { SiteConfig } from './core/site-config.js';

/** The site config esbuild compiles into a Lambda bundle (see DatelineFunction); absent under tsx. */
declare const __DATELINE_CONFIG__: string | undefined;
const BUNDLED_CONFIG = typeof __DATELINE_CONFIG__ === 'string' ? __DATELINE_CONFIG__ : undefined;

/** `local` is `npm start`; the others are the CDK stages (lib/stage.ts). */
export type AppEnv = 'local' | 'dev' | 'staging' | 'prod';
const APP_ENVS: readonly string[] = ['local', 'dev', 'staging', 'prod'];

/** Everything a Lambda reads from its environment, checked once at cold start. */
export interface Config {
  readonly site: SiteConfig;
  readonly tableName: string;
  /** `CREDENTIALS_TABLE_NAME`: the ingest function's credential store (no stream). */
  readonly credentialsTableName?: string;
  readonly appEnv: AppEnv;
  readonly logLevel: string;
  readonly awsRegion: string;
  /** Local mode only: the embedded DynamoDB Local. */
  readonly dynamodbEndpoint?: string;
  readonly feedBaseUrl?: string;
  readonly feedsBucket?: string;
  readonly tokenSecretArn?: string;
  /** The ingest function only: the publish function `POST /rebuild` invokes asynchronously. */
  readonly publishFunctionName?: string;
  /** The per-feed FIFO queue the publisher hands changed feeds to; absent: it renders them. */
  readonly feedQueueUrl?: string;
  /** The queue's deduplication window (its delivery delay); @default 1000 */
  readonly feedQueueWindowMs: number;
  /** The partner push queue: the render function queues item changes there; the sender reads it. */
  readonly pushQueueUrl?: string;
  /** The push sender only: where notifications go after 24 hours of retries. */
  readonly pushParkedQueueUrl?: string;
  /** The ingest function only: the audience counts `GET /stats` reads (`STATS_TABLE_NAME`). */
  readonly statsTableName?: string;
  /** The CloudWatch namespace of the EMF metrics (the stack gives each stage its own). */
  readonly metricsNamespace: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The only reader of the Lambda environment; fails fast naming the bad variable. Async only so
 * that the schema library loads when there is something to validate (see parseSiteVariable).
 */
export async function loadConfig(env: Env): Promise<Config> {
  const appEnv = env.APP_ENV ?? 'dev';
  if (!APP_ENVS.includes(appEnv)) fail('APP_ENV', 'must be local, dev, staging or prod');
  return Object.freeze({
    site: await parseSiteVariable(env.DATELINE_CONFIG, BUNDLED_CONFIG),
    tableName: required(env, 'STORIES_TABLE_NAME'),
    credentialsTableName: env.CREDENTIALS_TABLE_NAME || undefined,
    appEnv: appEnv as AppEnv,
    logLevel: (env.LOG_LEVEL ?? 'INFO').toUpperCase(),
    awsRegion: env.AWS_REGION ?? 'us-east-1',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    feedBaseUrl: env.FEED_BASE_URL?.replace(/\/+$/, '') || undefined,
    feedsBucket: env.FEEDS_BUCKET_NAME || undefined,
    tokenSecretArn: env.API_TOKEN_SECRET_ARN || undefined,
    publishFunctionName: env.PUBLISH_FUNCTION_NAME || undefined,
    feedQueueUrl: env.FEED_QUEUE_URL || undefined,
    feedQueueWindowMs: positiveInteger(env, 'FEED_QUEUE_WINDOW_MS', 1000),
    pushQueueUrl: env.PUSH_QUEUE_URL || undefined,
    pushParkedQueueUrl: env.PUSH_PARKED_QUEUE_URL || undefined,
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'Dateline',
    statsTableName: env.STATS_TABLE_NAME || undefined,
  });
}

/**
 * The site config: `DATELINE_CONFIG` if set, validated here; else the copy compiled into the
 * bundle, which the CDK app validated (and completed with defaults) at synth, taken as it is.
 * The schema (zod) is loaded only for the variable, so a cold start does not pay for it.
 */
async function parseSiteVariable(
  variable: string | undefined,
  bundled: string | undefined,
): Promise<SiteConfig> {
  if (!variable && bundled) return deepFreeze(JSON.parse(bundled) as SiteConfig);
  if (!variable) fail('DATELINE_CONFIG', 'is required (or a bundle built with the site config)');
  try {
    const { parseSiteConfig } = await import('./core/site-config.js');
    return parseSiteConfig(JSON.parse(variable as string));
  } catch (error) {
    return fail('DATELINE_CONFIG', error instanceof Error ? error.message : String(error));
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) fail(name, 'must be a positive integer');
  return number;
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) fail(name, 'is required');
  return value as string;
}

export function fail(name: string, reason: string): never {
  throw new Error(`environment variable ${name} ${reason}`);
}
