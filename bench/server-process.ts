import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBenchApp } from './fixtures.js';

/** A bench section's local server, running in a process of its own. */
export interface ServerProcess {
  readonly url: string;
  /** Resolves once everything posted so far has been published. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

type FromServer = { kind: 'ready'; url: string } | { kind: 'done'; id: number; error?: string };
type ToServer = { kind: 'settle' | 'stop'; id: number };

/**
 * Starts the bench's local server (`startBenchApp`, the publisher in its own thread) in a child
 * process (this file, forked with tsx), as `npm start` runs it: in the bench's process it would
 * share a heap, and garbage collections, with what the sections before it left (the cold-start
 * section's synth alone), and its latencies would carry them.
 */
export async function startServerProcess(endpoint: string): Promise<ServerProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [endpoint], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => {
      const error = new Error(`the bench server's process exited (code ${code})`);
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
      reject(error);
    }),
  );
  exited.catch(() => undefined);
  const url = await Promise.race([
    new Promise<string>((resolve) => {
      child.on('message', (message: FromServer) => {
        if (message.kind === 'ready') return resolve(message.url);
        const waiter = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error));
        else waiter?.resolve();
      });
    }),
    exited,
  ]);
  const ask = (kind: ToServer['kind']) =>
    new Promise<void>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ kind, id } satisfies ToServer);
    });
  return {
    url,
    settled: () => ask('settle'),
    stop: async () => {
      await ask('stop').catch(() => undefined);
      child.kill();
    },
  };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const endpoint = process.argv[2] as string;
  const app = await startBenchApp(endpoint);
  process.on('message', (message: ToServer) => {
    const work = message.kind === 'settle' ? app.settled() : app.stop();
    work.then(
      () => {
        process.send?.({ kind: 'done', id: message.id } satisfies FromServer);
        if (message.kind === 'stop') process.disconnect();
      },
      (error: Error) =>
        process.send?.({ kind: 'done', id: message.id, error: error.message } satisfies FromServer),
    );
  });
  process.send({ kind: 'ready', url: app.url } satisfies FromServer);
}
