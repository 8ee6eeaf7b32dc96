import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The run's one DynamoDB Local (in memory); each test file makes its own table. It may still
     * be starting: use `sharedDynamoDbEndpoint()` from support/dynamodb.ts, which waits for it.
     */
    dynamodbEndpoint: string;
    /** Where the start-up failure is written, if DynamoDB Local cannot start. */
    dynamodbFailureFile: string;
  }
}

/**
 * Starts DynamoDB Local once per integration run and stops it on teardown. It does not wait for
 * the JVM to answer (seconds when idle, 30 s and more on a busy machine): the files that need no
 * database run meanwhile, and those that do wait in `sharedDynamoDbEndpoint()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-vitest-'));
  const failureFile = join(dir, 'dynamodb-failure.txt');
  const port = await freePort();
  // Imported here, not above: the AWS SDK it loads takes seconds that the run need not wait for.
  // Generous: on a busy shared machine the JVM can take well over 30 s to answer.
  const starting = import('../../lambdas/local/dynamodb-local.js').then(({ startDynamoDbLocal }) =>
    startDynamoDbLocal({ port, readyTimeoutMs: 180_000 }),
  );
  starting.catch(async (error: Error) => {
    console.error(`DynamoDB Local for the integration tests did not start: ${error.message}`);
    await writeFile(failureFile, error.message);
  });
  project.provide('dynamodbEndpoint', `http://127.0.0.1:${port}`);
  project.provide('dynamodbFailureFile', failureFile);
  return async () => {
    await (await starting.catch(() => undefined))?.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
