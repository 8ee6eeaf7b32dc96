import type { LocalInstrument } from '../lambdas/local/local-instrument.js';

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
  /** Told the key of every feed file written, once the write has succeeded. */
  onPut(listener: (key: string) => void): void;
}

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
  const listeners: Array<(key: string) => void> = [];
  const instrument: LocalInstrument = {
    onFileRequest: (request) => {
      if (request.op !== 'put') {
        counts.s3Gets++;
        return;
      }
      counts.s3Puts++;
      counts.putKeys.push(request.key);
      for (const listener of listeners) listener(request.key);
    },
    onCapacity: (kind, units) => {
      counts[kind === 'read' ? 'rcu' : 'wcu'] += units;
    },
    onMetric: (name, value) => {
      counts.metrics[name] = (counts.metrics[name] ?? 0) + value;
      counts.emitted[name] = (counts.emitted[name] ?? 0) + 1;
    },
  };
  return {
    instrument,
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
