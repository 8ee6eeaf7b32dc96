import { readFileSync } from 'node:fs';
import { type Env, fail } from '../config.js';
import { parseSiteConfig, type SiteConfig } from '../core/site-config.js';

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
