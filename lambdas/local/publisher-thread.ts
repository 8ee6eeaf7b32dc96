import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Log } from '../adapters/http/ingest-handler.js';
import type { LocalInstrument } from './local-instrument.js';
import type { LocalPublisher } from './local-publisher.js';
import type {
  FromPublisher,
  InstrumentEvent,
  PlainError,
  PublisherWorkerData,
  ToPublisher,
} from './publisher-messages.js';

const WORKER_URL = new URL('./publisher-worker.ts', import.meta.url);

/**
 * Starts the local publisher in a worker thread of its own (see publisher-worker.ts) and drives
 * it by messages; resolves once it has rendered every feed and polls the stream. Its log lines
 * go to `log`, and what it does to `instrument`.
 */
export async function startPublisherThread(
  data: Omit<PublisherWorkerData, 'instrumented'>,
  options: { readonly log: Log; readonly instrument?: LocalInstrument },
): Promise<LocalPublisher> {
  const { log, instrument } = options;
  const worker = new Worker(bootstrap(), {
    eval: true,
    workerData: { ...data, instrumented: instrument !== undefined } satisfies PublisherWorkerData,
    execArgv: [],
  });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromPublisher) => {
      switch (message.kind) {
        case 'ready':
          return resolve();
        case 'failed':
          return reject(errorOf(message.error));
        case 'done': {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.error) waiter?.reject(errorOf(message.error));
          else waiter?.resolve();
          return;
        }
        case 'log':
          return log[message.level](message.message, ...message.fields);
        case 'instrument':
          for (const event of message.events) tell(instrument, event);
          return;
      }
    });
    worker.on('error', (error) => {
      log.error('the publisher thread failed', { error });
      reject(error);
    });
    worker.on('exit', (code) => {
      exited = true;
      const error = new Error(`the publisher thread exited (code ${code})`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  const ask = (kind: 'settle' | 'sweep' | 'rebuild' | 'stop') => {
    if (exited) return Promise.reject(new Error('the publisher thread has exited'));
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ kind, id } satisfies ToPublisher);
    });
  };
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    rebuild: () => ask('rebuild'),
    wake: () => {
      if (!exited) worker.postMessage({ kind: 'wake' } satisfies ToPublisher);
    },
    settled: () => ask('settle'),
    sweep: () => ask('sweep'),
    stop: async () => {
      if (exited) return;
      await ask('stop').catch(() => undefined);
      await worker.terminate();
    },
  };
}

/**
 * The worker's first code: the publisher's source is TypeScript, so it registers tsx's loader
 * (as `npm start` does with `--import tsx`) in the new thread, then imports the worker module.
 */
function bootstrap(): string {
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = JSON.stringify(pathToFileURL(api).href);
  const worker = JSON.stringify(WORKER_URL.href);
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${worker}); });`;
}

/** Hands one of the worker's instrument events to the main thread's instrument. */
function tell(instrument: LocalInstrument | undefined, event: InstrumentEvent): void {
  if (event.kind === 'file') instrument?.onFileRequest?.(event.request);
  else if (event.kind === 'capacity') instrument?.onCapacity?.(event.capacity, event.units);
  else instrument?.onMetric?.(event.name, event.value, event.unit);
}

function errorOf(plain: PlainError): Error {
  const error = new Error(plain.message);
  error.name = plain.name;
  if (plain.stack) error.stack = plain.stack;
  return error;
}
