import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbPartnerStore } from '../adapters/dynamodb/dynamodb-partner-store.js';
import { DynamoDbStoryStore } from '../adapters/dynamodb/dynamodb-story-store.js';
import { FolderFeedStore } from '../adapters/folder/folder-feed-store.js';
import type { Log } from '../adapters/http/ingest-handler.js';
import {
  instrumentDynamoDb,
  instrumentFeeds,
  instrumentMetrics,
  type LocalInstrument,
} from './local-instrument.js';
import { type LocalPublisher, startLocalPublisher } from './local-publisher.js';
import {
  type FromPublisher,
  type InstrumentEvent,
  PUBLISHER_NICENESS,
  type PublisherWorkerData,
  type ToPublisher,
} from './publisher-messages.js';

/**
 * The local publisher's worker thread: the stream poller, the per-feed queue and the renders run
 * here, on their own event loop (as they run in their own Lambdas on AWS), so a burst of renders
 * never holds up the ingest API's requests on the main thread.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('publisher-worker.ts runs as a worker thread');
  const data = workerData as PublisherWorkerData;
  // The instrument's events go in one message per turn of this loop (at the peak it saw tens of
  // thousands, a message each), and before any other message, so a `done` follows every event
  // that came before it.
  const events: InstrumentEvent[] = [];
  const flush = () => {
    if (events.length > 0) port.postMessage({ kind: 'instrument', events: events.splice(0) });
  };
  const record = (event: InstrumentEvent) => {
    if (events.push(event) === 1) setImmediate(flush);
  };
  const post = (message: FromPublisher) => {
    flush();
    port.postMessage(message);
  };
  const log = forwardingLog(post);
  yieldToTheApi(log);
  const instrument: LocalInstrument = data.instrumented
    ? {
        onFileRequest: (request) => record({ kind: 'file', request }),
        onCapacity: (kind, units) => record({ kind: 'capacity', capacity: kind, units }),
        onMetric: (name, value, unit) => record({ kind: 'metric', name, value, unit }),
      }
    : {};
  const client = createDynamoDbClient({ region: 'local', endpoint: data.endpoint });
  instrumentDynamoDb(client, instrument);
  let stopping = false;
  let publisher: LocalPublisher | undefined;
  port.on('message', (message: ToPublisher) => {
    void handle(message).catch((error: unknown) => {
      if ('id' in message) post({ kind: 'done', id: message.id, error: describe(error) });
      else log.error('publisher worker message failed', { error });
    });
  });
  const handle = async (message: ToPublisher) => {
    const running = publisher;
    if (!running) throw new Error('the publisher is not running');
    switch (message.kind) {
      case 'wake':
        running.wake();
        return;
      case 'settle':
        await running.settled();
        break;
      case 'sweep':
        await running.sweep();
        break;
      case 'rebuild':
        await running.rebuild();
        break;
      case 'stop':
        stopping = true;
        await running.stop();
        client.destroy();
        break;
    }
    post({ kind: 'done', id: message.id });
  };
  try {
    publisher = await startLocalPublisher({
      endpoint: data.endpoint,
      streamArn: data.streamArn,
      stories: new DynamoDbStoryStore({
        client: createDocumentClient(client),
        tableName: data.tableName,
      }),
      feeds: instrumentFeeds(new FolderFeedStore(data.feedDir), instrument),
      site: data.site,
      clock: { now: () => new Date() },
      feedBaseUrl: data.feedBaseUrl,
      log,
      metrics: instrumentMetrics(instrument),
      sweepIntervalMs: data.sweepIntervalMs,
      sitemapIntervalMs: data.sitemapIntervalMs,
      stopping: () => stopping,
      // Push partners live beside the credentials (`<stories table>-credentials`).
      partners: new DynamoDbPartnerStore({
        client: createDocumentClient(client),
        tableName: `${data.tableName}-credentials`,
      }),
    });
    post({ kind: 'ready' });
  } catch (error) {
    client.destroy();
    post({ kind: 'failed', error: describe(error) });
  }
}

/** Log lines go to the main thread's logger, with their fields made plain (cloneable). */
/**
 * Lowers this thread's CPU priority, so that on a busy machine the API answers first and the
 * renders take what is left (on AWS they are separate Lambdas and never compete). Linux keeps a
 * nice value per thread, and `os.setPriority` given a thread id sets that thread's alone; where
 * that is not so (another OS, no /proc), the thread keeps its priority and says so.
 */
function yieldToTheApi(log: Log): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(thread) || thread === process.pid) throw new Error('no thread id');
    setPriority(thread, Math.max(getPriority(thread), PUBLISHER_NICENESS));
  } catch (error) {
    log.info('the publisher thread keeps the API thread’s CPU priority', { reason: String(error) });
  }
}

function forwardingLog(post: (message: FromPublisher) => void): Log {
  const line =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      post({ kind: 'log', level, message, fields: extra.map(plain) });
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

function plain(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error ? describe(value) : JSON.parse(JSON.stringify(value ?? null)),
    ]),
  );
}

function describe(error: unknown): { name: string; message: string; stack?: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };
}

void main();
