import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { toLambdaRecord } from './stream-records.js';

export interface StreamPollerOptions {
  readonly streams: DynamoDBStreamsClient;
  readonly streamArn: string;
  /** The Lambda handler, called with one shard's batch at a time, never two at once. */
  readonly handler: (event: DynamoDBStreamEvent) => Promise<void>;
  /** Pause after a round that found nothing; @default 100 */
  readonly intervalMs?: number;
  /** Most records per handler call, counted after `filter` as Lambda does; @default 100 */
  readonly batchSize?: number;
  /**
   * A batch that still failed after 3 retries (or whose retries stop() cut short); the poller
   * then moves on, as Lambda does after its retries with a DLQ. @default console.error
   */
  readonly onError?: (error: unknown, event: DynamoDBStreamEvent) => void;
  /** A stream API call failed; the poller backs off (up to 5 s) and tries again. */
  readonly onPollError?: (error: unknown) => void;
  /** First retry delay of a failed batch, doubled per retry; @default 100 */
  readonly retryDelayMs?: number;
  /** How often DescribeStream looks for new shards; @default 1000 */
  readonly shardRefreshMs?: number;
  /**
   * Which records reach the handler, as the event source mapping's filter criteria decide on
   * AWS (records it refuses are dropped, and a batch left empty invokes nothing); @default all
   */
  readonly filter?: (record: DynamoDBRecord) => boolean;
}

export interface StreamPoller {
  /** Resolves once every open shard has a LATEST iterator: later writes will be delivered. */
  start(): Promise<void>;
  /** Ends the loop for good; resolves after the batch in flight (if any) has finished. */
  stop(): Promise<void>;
  /** Resolves once everything written before the call has been handled (at once if stopped). */
  settled(): Promise<void>;
  /**
   * Something was just written: poll now instead of after the idle pause (local mode calls it
   * after each ingest request, so a story reaches the publisher without waiting out the pause).
   */
  wake(): void;
}

interface ShardState {
  readonly id: string;
  readonly parentId: string | undefined;
  from: ShardIteratorType;
  iterator?: string | undefined;
  lastSequence?: string | undefined;
}

const RETRIES = 3;

/**
 * What Lambda's event source mapping does for a DynamoDB stream, for local mode: reads every
 * shard (a parent drained before its children), hands genuine `DynamoDBStreamEvent` batches to
 * the handler, retries a failed batch, then reports it and moves on.
 */
export function createStreamPoller(options: StreamPollerOptions): StreamPoller {
  const { streams, streamArn } = options;
  const intervalMs = options.intervalMs ?? 100;
  const batchSize = Math.min(options.batchSize ?? 100, 1000);
  const shardRefreshMs = options.shardRefreshMs ?? 1000;
  const shards = new Map<string, ShardState>();
  const drained = new Set<string>();
  const waiters: Array<() => void> = [];
  let running = false;
  let starting: Promise<void> | undefined;
  let loop: Promise<void> | undefined;
  const wakers = new Set<() => void>();
  let wakeIdle: (() => void) | undefined;
  let woken = false;
  let region = '';
  let refreshedAt = 0;

  /** Idle pauses end early on settled() or stop(); retry pauses only on stop(). */
  const sleep = (ms: number, kind: 'idle' | 'retry') =>
    new Promise<void>((done) => {
      const finish = () => {
        clearTimeout(timer);
        wakers.delete(finish);
        if (wakeIdle === finish) wakeIdle = undefined;
        done();
      };
      const timer = setTimeout(finish, ms);
      wakers.add(finish);
      if (kind === 'idle') wakeIdle = finish;
    });

  async function refreshShards(initial: boolean): Promise<boolean> {
    let changed = false;
    for (const shard of await describeShards(streams, streamArn)) {
      const id = shard.ShardId as string;
      if (shards.has(id) || drained.has(id)) continue;
      changed = true;
      // At start, like a LATEST event source mapping: closed shards are history, open ones
      // are read from their tip. A shard found later is read from its beginning.
      if (initial && shard.SequenceNumberRange?.EndingSequenceNumber) drained.add(id);
      else
        shards.set(id, {
          id,
          parentId: shard.ParentShardId,
          from: initial ? 'LATEST' : 'TRIM_HORIZON',
        });
    }
    refreshedAt = Date.now();
    return changed;
  }

  async function iteratorFor(shard: ShardState): Promise<string | undefined> {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.id,
        ...(shard.lastSequence
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequence }
          : { ShardIteratorType: shard.from }),
      }),
    );
    return ShardIterator;
  }

  /** Reads one batch from a shard; says whether it delivered records or the shard ended. */
  async function pollShard(shard: ShardState): Promise<boolean> {
    try {
      shard.iterator ??= await iteratorFor(shard);
    } catch (error) {
      forgetPosition(shard, error);
      throw error;
    }
    if (!shard.iterator) return markDrained(shard);
    let output: Awaited<ReturnType<typeof getRecords>>;
    try {
      output = await getRecords(shard.iterator);
    } catch (error) {
      forgetPosition(shard, error);
      throw error;
    }
    shard.iterator = output.NextShardIterator;
    const records = output.Records ?? [];
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) shard.lastSequence = last;
    const delivered = records
      .map((r) => toLambdaRecord(r, streamArn, region))
      .filter((r) => !options.filter || options.filter(r));
    for (let at = 0; at < delivered.length; at += batchSize) {
      await deliver(delivered.slice(at, at + batchSize));
    }
    if (!shard.iterator) return markDrained(shard);
    return records.length > 0;
  }

  /** A closed shard read to its end: forget it (DescribeStream lists it for another 24 h). */
  function markDrained(shard: ShardState): true {
    shards.delete(shard.id);
    drained.add(shard.id);
    return true;
  }

  /** After an error the iterator is useless; some errors also invalidate the position. */
  function forgetPosition(shard: ShardState, error: unknown): void {
    shard.iterator = undefined;
    if (error instanceof TrimmedDataAccessException) {
      shard.lastSequence = undefined;
      shard.from = 'TRIM_HORIZON';
    } else if (error instanceof ResourceNotFoundException) {
      markDrained(shard);
    }
  }

  function getRecords(iterator: string | undefined) {
    // Records the filter drops do not count towards a batch on AWS: read enough to fill one.
    const limit = options.filter ? 1000 : batchSize;
    return streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
  }

  async function deliver(Records: DynamoDBRecord[]): Promise<void> {
    const event: DynamoDBStreamEvent = { Records };
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        return await options.handler(event);
      } catch (error) {
        lastError = error;
      }
      if (attempt >= RETRIES || !running) break;
      await sleep((options.retryDelayMs ?? 100) * 2 ** attempt, 'retry');
      if (!running) break;
    }
    try {
      (options.onError ?? reportToConsole)(lastError, event);
    } catch {
      // A failing reporter must not stop the stream.
    }
  }

  /** One pass over every readable shard: did anything happen, and was every shard read? */
  async function round(forceRefresh: boolean): Promise<{ busy: boolean; complete: boolean }> {
    let busy = false;
    if (forceRefresh || Date.now() - refreshedAt >= shardRefreshMs) {
      busy = await refreshShards(false);
    }
    // Children wait until their parent is drained, so a key's changes stay in order.
    const readable = [...shards.values()].filter((s) => !s.parentId || !shards.has(s.parentId));
    for (const shard of readable) {
      if (!running) return { busy, complete: false };
      if (await pollShard(shard)) busy = true;
    }
    return { busy, complete: readable.length === shards.size };
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      // Whoever asked before this round began is answered by a round that found nothing.
      const asked = waiters.splice(0);
      woken = false;
      let busy = false;
      try {
        const result = await round(asked.length > 0);
        busy = result.busy;
        if (!busy && result.complete) for (const done of asked) done();
        else waiters.unshift(...asked);
        failures = 0;
      } catch (error) {
        waiters.unshift(...asked);
        failures++;
        options.onPollError?.(error);
      }
      if (!running) break;
      if (failures > 0) await sleep(Math.min(intervalMs * 2 ** failures, 5000), 'idle');
      else if (!busy && !woken) await sleep(intervalMs, 'idle');
    }
    for (const done of waiters.splice(0)) done();
  }

  async function begin(): Promise<void> {
    region = await streams.config.region();
    await refreshShards(true);
    for (const shard of shards.values()) shard.iterator = await iteratorFor(shard);
    running = true;
    loop = run();
  }

  return {
    start() {
      starting ??= begin().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    async stop() {
      await starting?.catch(() => undefined);
      running = false;
      for (const finish of [...wakers]) finish();
      await loop;
    },
    wake() {
      woken = true;
      wakeIdle?.();
    },
    settled() {
      if (!running) return Promise.resolve();
      return new Promise<void>((done) => {
        waiters.push(done);
        wakeIdle?.();
      });
    },
  };
}

async function describeShards(streams: DynamoDBStreamsClient, streamArn: string) {
  const all: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    all.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return all;
}

function reportToConsole(error: unknown, event: DynamoDBStreamEvent): void {
  console.error(`stream batch of ${event.Records.length} records failed after retries`, error);
}
