import type { CountsDelta } from './aws-counters.js';

/**
 * List prices, us-east-1, as docs/cost.md quotes them (taken 2026-11-29; free tiers ignored).
 * Change them together with that page.
 */
export const PRICES = {
  apiRequest: 1.0 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** arm64 */
  lambdaGbSecond: 0.0000133334,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  sqsFifoRequest: 0.5 / 1e6,
} as const;

/** Memory of the functions that do the work (the publisher and the feed renderer: 1 GB). */
const WORKER_GB = 1;

/**
 * US dollars per million stories from what `stories` stories cost locally: one API request and
 * one ingest invocation each; every publisher or feed-render invocation (one `RenderMs` each);
 * SQS requests (one send per ten queued feeds, and a receive and a delete per feed render);
 * GB-seconds from this process's CPU time (ingest and publish run in it; an upper bound, as it
 * includes the bench's own client); DynamoDB units as DynamoDB Local reported them; S3 requests.
 */
export function costPerMillion(delta: CountsDelta, stories: number): number {
  const invocations = delta.emitted.RenderMs ?? 0;
  const queued = delta.metrics.FeedsQueued ?? 0;
  const sends = Math.max(delta.emitted.FeedsQueued ?? 0, Math.ceil(queued / 10));
  const feedRenders = delta.emitted.FeedRenderMs ?? 0;
  const dollars =
    stories * PRICES.apiRequest +
    (stories + invocations + feedRenders) * PRICES.lambdaRequest +
    delta.cpuSeconds * WORKER_GB * PRICES.lambdaGbSecond +
    delta.wcu * PRICES.dynamoWriteUnit +
    delta.rcu * PRICES.dynamoReadUnit +
    delta.s3Puts * PRICES.s3Put +
    delta.s3Gets * PRICES.s3Get +
    (sends + 2 * feedRenders) * PRICES.sqsFifoRequest;
  return (dollars / stories) * 1e6;
}
