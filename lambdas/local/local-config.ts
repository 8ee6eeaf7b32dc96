import { readFileSync } from 'node:fs';
import { type Env, fail } from '../config.js';
import { parseSiteConfig, type SiteConfig } from '../core/site-config.js';

/** Local mode's settings (README: "Local mode"), with the site read from cdk.json. */
export interface LocalConfig {
  readonly site: SiteConfig;
  readonly port: number;
  /** `HOST`: the interface to listen on; loopback unless the operator opts in to others. */
  readonly host: string;
  readonly token?: string;
  readonly dataDir?: string;
  readonly seed: boolean;
  readonly logLevel: string;
  /** `LOG_FORMAT`: unset means text at a terminal, JSON elsewhere. */
  readonly logFormat?: 'json' | 'text';
}

const LOG_LEVELS: readonly string[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

export function loadLocalConfig(env: Env, cdkJsonPath = 'cdk.json'): LocalConfig {
  const rawPort = env.PORT ?? '3000';
  const port = Number(rawPort);
  if (!/^\d{1,5}$/.test(rawPort) || port > 65535) {
    fail(
      'PORT',
      `must be a port number 0-65535 (got ${JSON.stringify(rawPort)}); e.g. PORT=3001 npm start`,
    );
  }
  const host = env.HOST?.trim() || DEFAULT_HOST;
  if (!/^[A-Za-z0-9.:_%-]{1,253}$/.test(host)) fail('HOST', 'must be an interface address or name');
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
  const logLevel = (env.LOG_LEVEL ?? 'INFO').toUpperCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    fail(
      'LOG_LEVEL',
      `must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(env.LOG_LEVEL)})`,
    );
  }
  return Object.freeze({
    site: readSiteFromCdkJson(cdkJsonPath),
    port,
    host,
    token: token || undefined,
    dataDir: env.DATELINE_DATA_DIR || undefined,
    seed: seed === '1' || seed === 'true',
    logLevel,
    logFormat,
  });
}

/** Local mode answers only this machine unless `HOST` says otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/** The tokens the README shows: anyone who has read it knows them. */
export const EXAMPLE_TOKENS: readonly string[] = ['local-dev-token-0123'];

/** True for loopback addresses and `localhost`, which no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The warning `npm start` prints when it listens beyond this machine with a token anyone can
 * read in the README (undefined when there is nothing to warn about).
 */
export function exposureWarning(config: Pick<LocalConfig, 'host' | 'token'>): string | undefined {
  if (isLoopbackHost(config.host) || !config.token || !EXAMPLE_TOKENS.includes(config.token)) {
    return undefined;
  }
  return `WARNING: listening on ${config.host} (other machines can reach it) with the README's example token: anyone who has read the README can post, kill and create credentials. Set DATELINE_TOKEN to a secret of your own, or unset HOST.`;
}

/** The `dateline` context of cdk.json: the one place the site is configured. */
export function readSiteFromCdkJson(path: string): SiteConfig {
  const text = readFileSync(path, 'utf8');
  let cdk: { context?: { dateline?: unknown } };
  try {
    cdk = JSON.parse(text) as typeof cdk;
  } catch (error) {
    throw new Error(`${path}${whereInJson(text, error)} is not valid JSON: ${reasonOf(error)}`);
  }
  if (!cdk.context?.dateline) throw new Error(`${path} has no "context.dateline" block`);
  return parseSiteConfig(cdk.context.dateline);
}

/** ":line:column" of a JSON.parse error's position in `text`, when the message gives one. */
function whereInJson(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}

/** JSON.parse's reason without its position, which `whereInJson` gives as line and column. */
function reasonOf(error: unknown): string {
  return String((error as Error).message)
    .replace(/\s*(?:in JSON )?at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
}
