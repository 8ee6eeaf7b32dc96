import { randomUUID } from 'node:crypto';
import type { SiteConfig } from '../lambdas/core/site-config.js';
import type { Story } from '../lambdas/core/story/story.js';
import { type LocalAppOptions, startLocalApp } from '../lambdas/local/local-app.js';
import { readSiteFromCdkJson } from '../lambdas/local/local-config.js';
import { WIRE_ARTICLE_HTML } from '../test/fixtures/wire-article.js';

/** Invented stories and settings shared by the benchmarks. */
export const site = readSiteFromCdkJson('cdk.json');
export const regions = site.regions.map((r) => r.slug);
export const TOKEN = 'bench-token-0123456789abcdef';
export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The local publisher for a bench section, as `npm start` runs it (the publisher in a thread of
 * its own): on the bench's DynamoDB Local, a table of its own, quiet.
 */
export function startBenchApp(
  endpoint: string,
  options: Partial<LocalAppOptions> = {},
): ReturnType<typeof startLocalApp> {
  return startLocalApp({
    site,
    port: 0,
    token: TOKEN,
    seed: false,
    dynamodbEndpoint: endpoint,
    tableName: `bench-${randomUUID()}`,
    log: silentLog,
    publisherThread: true,
    ...options,
  });
}

/**
 * A wire story as a sender posts it, with a ~4.5 KB body of invented prose (it was one sentence
 * repeated a hundred times, which brotli packs 90 times: stored bodies are compressed now, and
 * real copy packs about 2.3 times).
 */
export function wireJson(id: string, i: number, region = 'okanagan'): Record<string, unknown> {
  return {
    id,
    version: 1,
    channel: 'wire',
    regions: [region],
    headline: `Bench story ${i}: council weighs a new transit plan`,
    summary: 'A summary line for the benchmark',
    bodyHtml: WIRE_ARTICLE_HTML,
    byline: [{ name: 'Bench Writer', title: 'The Bench Wire' }],
    dateline: 'KELOWNA',
    publishedAt: new Date(Date.now() - i * 1000).toISOString(),
  };
}

/** A stored story built directly (no validation), for loading many quickly. */
export function storedWire(id: string, region: string, publishedAt: string): Story {
  return {
    id,
    version: 1,
    channel: 'wire',
    regions: [region],
    headline: `Archive story ${id}`,
    summary: 'An older story that fills the table',
    bodyHtml: '<p>KELOWNA — A short body for a story that is long out of the feed.</p>',
    byline: [],
    categories: [],
    status: 'usable',
    publishedAt,
    receivedAt: publishedAt,
    fingerprint: `fp-${id}`,
  } as Story;
}

/** The sample site with `count` regions, for the fan-out benchmark. */
export function siteWithRegions(count: number): SiteConfig {
  return {
    ...site,
    regions: Array.from({ length: count }, (_, i) => ({
      slug: `region-${String(i).padStart(3, '0')}`,
      name: `Region ${i}`,
    })),
  };
}
