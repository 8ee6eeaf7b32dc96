import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MetricSink } from '../lambdas/adapters/observability/metric-sink.js';
import type { FeedFile, FeedStore } from '../lambdas/core/ports.js';
import type { LocalInstrument } from '../lambdas/local/local-app.js';

/**
 * What local mode does, counted as AWS would bill it: S3 requests (the feed folder stands in for
 * the bucket; HEAD is billed as a GET), DynamoDB capacity units as DynamoDB Local reports them
 * (`ReturnConsumedCapacity`), the publisher's own metrics, and CPU seconds of this process.
 */
export interface Counts {
  s3Puts: number;
  s3Gets: number;
  rcu: number;
  wcu: number;
  /** Sums of each metric the handlers emitted. */
  metrics: Record<string, number>;
  /** How many times each metric was emitted (one `RenderMs` per publisher invocation). */
  emitted: Record<string, number>;
  /** Keys written, in order (for files-per-feed counts). */
  putKeys: string[];
}

export interface AwsCounters {
  readonly instrument: LocalInstrument;
  /** A copy of the counts so far. */
  snapshot(): Counts & { cpuSeconds: number };
  /** Told every feed file written, with its body, once the write has succeeded. */
  onPut(listener: (file: FeedFile) => void): void;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export function createAwsCounters(): AwsCounters {
  const counts: Counts = {
    s3Puts: 0,
    s3Gets: 0,
    rcu: 0,
    wcu: 0,
    metrics: {},
    emitted: {},
    putKeys: [],
  };
  const listeners: Array<(file: FeedFile) => void> = [];
  const metrics: MetricSink = {
    add(name, value) {
      counts.metrics[name] = (counts.metrics[name] ?? 0) + value;
      counts.emitted[name] = (counts.emitted[name] ?? 0) + 1;
    },
  };
  const feeds = (inner: FeedStore): FeedStore => ({
    get: (key) => {
      counts.s3Gets++;
      return inner.get(key);
    },
    head: (key) => {
      counts.s3Gets++;
      return inner.head(key);
    },
    put: async (file, options) => {
      counts.s3Puts++;
      const result = await inner.put(file, options);
      counts.putKeys.push(file.key);
      for (const listener of listeners) listener(file);
      return result;
    },
  });
  const dynamodb = (client: DynamoDBClient) => {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const kind = READS.has(command) ? 'rcu' : WRITES.has(command) ? 'wcu' : undefined;
        if (kind) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (kind)
          counts[kind] += unitsOf(
            (result.output as unknown as Record<string, unknown>).ConsumedCapacity,
          );
        return result;
      },
      { step: 'initialize', name: 'countCapacity' },
    );
  };
  return {
    instrument: { feeds, dynamodb, metrics },
    snapshot: () => ({
      ...counts,
      metrics: { ...counts.metrics },
      emitted: { ...counts.emitted },
      putKeys: [...counts.putKeys],
      cpuSeconds: cpuSeconds(),
    }),
    onPut: (listener) => void listeners.push(listener),
  };
}

function unitsOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce(
    (sum, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0),
    0,
  );
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** `after` minus `before`, key by key. */
export function countsBetween(
  before: ReturnType<AwsCounters['snapshot']>,
  after: ReturnType<AwsCounters['snapshot']>,
) {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.keys(a).map((k) => [k, (a[k] ?? 0) - (b[k] ?? 0)]));
  return {
    s3Puts: after.s3Puts - before.s3Puts,
    s3Gets: after.s3Gets - before.s3Gets,
    rcu: after.rcu - before.rcu,
    wcu: after.wcu - before.wcu,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    metrics: minus(after.metrics, before.metrics),
    emitted: minus(after.emitted, before.emitted),
    putKeys: after.putKeys.slice(before.putKeys.length),
  };
}

export type CountsDelta = ReturnType<typeof countsBetween>;
