import { randomUUID } from 'node:crypto';
import type { RateLimit } from '../../../lambdas/adapters/http/rate-limit.js';
import type { RetrySchedule } from '../../../lambdas/adapters/push/retry-schedule.js';
import type { Clock } from '../../../lambdas/core/ports.js';
import type { SiteConfig } from '../../../lambdas/core/site-config.js';
import { type LocalApp, startLocalApp } from '../../../lambdas/local/local-app.js';
import type { LocalInstrument } from '../../../lambdas/local/local-instrument.js';
import { sampleSite } from '../../fixtures/site.js';
import { sharedDynamoDbEndpoint } from './dynamodb.js';

export const TEST_TOKEN = 'integration-token-0123456789';

/** Quiet, except that a failed publish or sweep is printed: a story that never shows up says why. */
const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, ...extra: Record<string, unknown>[]) =>
    console.error(`local app: ${message}`, ...extra),
};

/** The local publisher on a free port, on the run's shared DynamoDB Local, with its own table. */
/** The limit of a test app that does not test the limit. */
const UNLIMITED_FOR_TESTS: RateLimit = { perSecond: 10_000, burst: 10_000 };

export async function startTestApp(
  options: {
    seed?: boolean;
    site?: SiteConfig;
    dataDir?: string;
    clock?: Clock;
    /** @default a fresh `local-<uuid>` */
    tableName?: string;
    /**
     * Each scoped credential's limit; @default far above what any test sends (these tests are
     * not about the limit, and the product's bursts of 5 would refuse a test's quick requests on
     * a fast machine); 'default' is the product's own (rate-limit.test.ts)
     */
    rateLimit?: RateLimit | 'default';
    /** Partner push retries (shortened by push tests); @default the real 24-hour schedule */
    pushSchedule?: RetrySchedule;
    /** Publish in a worker thread, as `npm start` does (real clock only). */
    publisherThread?: boolean;
    instrument?: LocalInstrument;
    /** How often a sweep writes the sitemaps; @default 100 ms (every sweep) */
    sitemapIntervalMs?: number;
  } = {},
): Promise<LocalApp> {
  return startLocalApp({
    site: options.site ?? sampleSite,
    port: 0,
    token: TEST_TOKEN,
    seed: options.seed ?? false,
    dataDir: options.dataDir,
    dynamodbEndpoint: await sharedDynamoDbEndpoint(),
    tableName: options.tableName ?? `local-${randomUUID()}`,
    log: quiet,
    sweepIntervalMs: 100,
    sitemapIntervalMs: options.sitemapIntervalMs ?? 100,
    clock: options.clock,
    rateLimit:
      options.rateLimit === 'default' ? undefined : (options.rateLimit ?? UNLIMITED_FOR_TESTS),
    pushSchedule: options.pushSchedule,
    publisherThread: options.publisherThread,
    instrument: options.instrument,
  });
}

/**
 * Real time that a test can move forward, so an embargo lifts or a story expires when the test
 * says, not after a wait that a busy machine can overrun.
 */
export function shiftedClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** Calls the API with the test token. */
export function api(
  app: LocalApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Creates a credential for local stories of okanagan (the admin's call); returns its token. */
export async function createDesk(app: LocalApp, name: string): Promise<string> {
  const response = await api(app, 'POST', '/credentials', {
    name,
    channels: ['local'],
    regions: ['okanagan'],
  });
  if (response.status !== 201) throw new Error(`creating ${name} answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Polls `check` until it returns true or `ms` pass. Generous: on a busy shared machine a publish
 * can take many seconds, and only a broken one takes a minute. The pause between polls grows
 * from 20 ms to 250 ms, so a long wait does not compete for the CPU with what it waits for.
 */
export async function waitFor(check: () => Promise<boolean>, ms = 60_000): Promise<number> {
  const started = Date.now();
  for (let pause = 20; ; pause = Math.min(pause * 1.5, 250)) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
