import { readFileSync } from 'node:fs';
import { parseSiteConfig, type SiteConfig } from './core/site-config.js';

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
  readonly appEnv: AppEnv;
  readonly logLevel: string;
  readonly awsRegion: string;
  /** Local mode only: the embedded DynamoDB Local. */
  readonly dynamodbEndpoint?: string;
  readonly feedBaseUrl?: string;
  readonly feedsBucket?: string;
  readonly tokenSecretArn?: string;
  /** The CloudWatch namespace of the EMF metrics (the stack gives each stage its own). */
  readonly metricsNamespace: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The only reader of the Lambda environment; fails fast naming the bad variable. */
export function loadConfig(env: Env): Config {
  const appEnv = env.APP_ENV ?? 'dev';
  if (!APP_ENVS.includes(appEnv)) fail('APP_ENV', 'must be local, dev, staging or prod');
  return Object.freeze({
    site: parseSiteVariable(env.DATELINE_CONFIG ?? BUNDLED_CONFIG),
    tableName: required(env, 'STORIES_TABLE_NAME'),
    appEnv: appEnv as AppEnv,
    logLevel: (env.LOG_LEVEL ?? 'INFO').toUpperCase(),
    awsRegion: env.AWS_REGION ?? 'us-east-1',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    feedBaseUrl: env.FEED_BASE_URL?.replace(/\/+$/, '') || undefined,
    feedsBucket: env.FEEDS_BUCKET_NAME || undefined,
    tokenSecretArn: env.API_TOKEN_SECRET_ARN || undefined,
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'Dateline',
  });
}

/** Local mode's settings (README: "Local mode"), with the site read from cdk.json. */
export interface LocalConfig {
  readonly site: SiteConfig;
  readonly port: number;
  readonly token?: string;
  readonly dataDir?: string;
  readonly seed: boolean;
  readonly logLevel: string;
  /** `LOG_FORMAT`: unset means text at a terminal, JSON elsewhere. */
  readonly logFormat?: 'json' | 'text';
}

export function loadLocalConfig(env: Env, cdkJsonPath = 'cdk.json'): LocalConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail('PORT', 'must be a port number 0-65535');
  const token = env.DATELINE_TOKEN;
  if (token !== undefined && !/^[\x21-\x7e]{16,512}$/.test(token)) {
    fail('DATELINE_TOKEN', 'must be 16-512 printable ASCII characters without spaces');
  }
  const seed = env.DATELINE_SEED ?? '1';
  if (!['0', '1', 'true', 'false'].includes(seed)) fail('DATELINE_SEED', 'must be 0 or 1');
  const logFormat = env.LOG_FORMAT?.toLowerCase() || undefined;
  if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'text') {
    fail('LOG_FORMAT', 'must be json or text');
  }
  return Object.freeze({
    site: readSiteFromCdkJson(cdkJsonPath),
    port,
    token: token || undefined,
    dataDir: env.DATELINE_DATA_DIR || undefined,
    seed: seed === '1' || seed === 'true',
    logLevel: (env.LOG_LEVEL ?? 'INFO').toUpperCase(),
    logFormat,
  });
}

/** The `dateline` context of cdk.json: the one place the site is configured. */
export function readSiteFromCdkJson(path: string): SiteConfig {
  const cdk = JSON.parse(readFileSync(path, 'utf8')) as { context?: { dateline?: unknown } };
  if (!cdk.context?.dateline) throw new Error(`${path} has no "context.dateline" block`);
  return parseSiteConfig(cdk.context.dateline);
}

/** The site config: `DATELINE_CONFIG` if set, else the one compiled into the bundle. */
function parseSiteVariable(text: string | undefined): SiteConfig {
  if (!text) fail('DATELINE_CONFIG', 'is required (or a bundle built with the site config)');
  try {
    return parseSiteConfig(JSON.parse(text as string));
  } catch (error) {
    return fail('DATELINE_CONFIG', error instanceof Error ? error.message : String(error));
  }
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) fail(name, 'is required');
  return value as string;
}

function fail(name: string, reason: string): never {
  throw new Error(`environment variable ${name} ${reason}`);
}
