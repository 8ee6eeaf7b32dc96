import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNTIME = fileURLToPath(new URL('./lambda-runtime.mjs', import.meta.url));

/** An error a handler threw (or its init), as the child saw it; `stack` is source-mapped. */
export interface HandlerError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

export class InvocationError extends Error {
  readonly error: HandlerError;

  constructor(error: HandlerError) {
    // The function's own (source-mapped) stack, so a failure shows where in the bundle it was.
    super(`in the function: ${error.stack || `${error.name}: ${error.message}`}`);
    this.error = error;
    this.name = 'InvocationError';
  }
}

type Reply =
  | { type: 'ready' }
  | { type: 'init-error'; error: HandlerError }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: HandlerError };

/** One Lambda execution environment: a node process that imported the bundle once. */
export interface LambdaProcess {
  /** Calls `handler(event, context)`; rejects with InvocationError if it threw. */
  invoke<T = unknown>(event: unknown): Promise<T>;
  /** What the function wrote to stdout and stderr so far (its logs). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a bundle the way Lambda does: `node` in the bundle's directory with only the variables
 * given (the function's configuration plus the runtime's own), no access to the project's
 * node_modules, and the bundle's index.mjs imported once. Resolves once init has finished, or
 * rejects with init's error and the process's output.
 */
export async function startLambdaProcess(
  bundleDir: string,
  env: Readonly<Record<string, string>>,
): Promise<LambdaProcess> {
  const child = fork(RUNTIME, [], {
    cwd: bundleDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const pending = new Map<number, { done(value: unknown): void; fail(error: Error): void }>();
  let nextId = 0;
  let exited: Error | undefined;
  const ready = new Promise<void>((done, fail) => {
    child.on('message', (reply: Reply) => {
      if (reply.type === 'ready') done();
      else if (reply.type === 'init-error') fail(new InvocationError(reply.error));
      else if (reply.type === 'result') pending.get(reply.id)?.done(reply.result);
      else pending.get(reply.id)?.fail(new InvocationError(reply.error));
      if ('id' in reply) pending.delete(reply.id);
    });
    child.once('exit', (code, signal) => {
      exited = new Error(`the function's process exited (${code ?? signal}):\n${output}`);
      fail(exited);
      for (const call of pending.values()) call.fail(exited);
      pending.clear();
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop(child);
    if (error instanceof InvocationError) error.message += `\n${output}`;
    throw error;
  }
  return {
    invoke<T>(event: unknown): Promise<T> {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise<T>((done, fail) => {
        pending.set(id, { done: done as (value: unknown) => void, fail });
        child.send({ id, event });
      });
    },
    output: () => output,
    stop: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill();
  });
}
