import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MetricName } from '../adapters/observability/metric-names.js';
import type { MetricSink, MetricUnit } from '../adapters/observability/metric-sink.js';
import type { FeedFile, FeedStore } from '../core/ports.js';

/**
 * What local mode does, told as it happens so it can be counted as AWS would bill it (the bench):
 * every request to the feed folder (S3 on AWS; a HEAD is billed as a GET), the capacity units each
 * DynamoDB call consumed (as DynamoDB Local reports them), and the metrics the handlers emit.
 * Plain events, so the publisher can tell them from its worker thread.
 */
export interface LocalInstrument {
  readonly onFileRequest?: (request: FileRequest) => void;
  readonly onCapacity?: (kind: 'read' | 'write', units: number) => void;
  readonly onMetric?: (name: MetricName, value: number, unit?: MetricUnit) => void;
}

/**
 * A request to the feed store. A write is told once it has succeeded, by key only: its bytes are
 * in the store (a wire feed is 1.5 MB, and telling every one of them from the publisher's thread
 * cost that thread about a tenth of its time in the peak bench).
 */
export type FileRequest = { readonly op: 'get' | 'head' | 'put'; readonly key: string };

/** The feed store, telling `instrument` of every request. */
export function instrumentFeeds(store: FeedStore, instrument: LocalInstrument): FeedStore {
  const tell = instrument.onFileRequest;
  if (!tell) return store;
  return {
    get: (key) => {
      tell({ op: 'get', key });
      return store.get(key);
    },
    head: (key) => {
      tell({ op: 'head', key });
      return store.head(key);
    },
    put: async (file: FeedFile, options) => {
      const result = await store.put(file, options);
      tell({ op: 'put', key: file.key });
      return result;
    },
  };
}

/** The metrics sink, telling `instrument` of every metric. */
export function instrumentMetrics(instrument: LocalInstrument): MetricSink | undefined {
  const tell = instrument.onMetric;
  return tell && { add: (name, value, unit) => tell(name, value, unit) };
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** Asks DynamoDB for the capacity each read and write consumed, and tells `instrument`. */
export function instrumentDynamoDb(client: DynamoDBClient, instrument: LocalInstrument): void {
  const tell = instrument.onCapacity;
  if (!tell) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const kind = READS.has(command) ? 'read' : WRITES.has(command) ? 'write' : undefined;
      if (kind) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (kind) {
        const output = result.output as unknown as Record<string, unknown>;
        tell(kind, unitsOf(output.ConsumedCapacity));
      }
      return result;
    },
    { step: 'initialize', name: 'countCapacity' },
  );
}

function unitsOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce(
    (sum, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0),
    0,
  );
}
