import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbClient } from '../../../lambdas/adapters/dynamodb/client.js';
import { tableDefinition } from '../../../lambdas/adapters/dynamodb/table-definition.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../lambdas/local/dynamodb-local.js';
import { isAlive } from '../../../lambdas/local/process-tree.js';
import { sharedDynamoDbEndpoint } from '../support/dynamodb.js';

const started: DynamoDbLocal[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function start(options: Parameters<typeof startDynamoDbLocal>[0]): Promise<DynamoDbLocal> {
  const instance = await startDynamoDbLocal(options);
  started.push(instance);
  return instance;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** DynamoDB Local JVMs listening on `port` (other runs' instances use other ports). */
function javaOnPort(port: number): Promise<string> {
  return new Promise((resolve) => {
    execFile('pgrep', ['-f', `DynamoDBLocal.jar .*-port ${port}( |$)`], (_, stdout) =>
      resolve(stdout.trim()),
    );
  });
}

/** A test starts up to two JVMs: ~2 s each idle, 30 s on a loaded two-core box. */
const SLOW = 180_000;

const clientFor = (endpoint: string) => createDynamoDbClient({ region: 'local', endpoint });

describe('startDynamoDbLocal', () => {
  // One test, two JVMs: each start costs seconds of CPU, so the on-disk restart reuses the
  // instance whose port and stop() are checked.
  it(
    'starts a second instance on its own port, leaves no JVM after stop(), and keeps an on-disk database across a restart',
    async () => {
      const port = await freePort();
      const dataDir = await mkdtemp(join(tmpdir(), 'dateline-ddb-'));
      dirs.push(dataDir);

      const first = await start({ port, dataDir });

      expect(first.port).toBe(port);
      expect(first.endpoint).toBe(`http://127.0.0.1:${port}`);
      expect(first.endpoint).not.toBe(inject('dynamodbEndpoint'));
      const writer = clientFor(first.endpoint);
      expect((await writer.send(new ListTablesCommand({}))).TableNames).toEqual([]);
      await writer.send(new CreateTableCommand(tableDefinition('kept')));
      await writer.send(
        new PutItemCommand({ TableName: 'kept', Item: { pk: { S: 'story#1' }, sk: { S: 'v' } } }),
      );
      writer.destroy();
      expect(await javaOnPort(port)).not.toBe('');

      await first.stop();

      expect(isAlive(first.pid)).toBe(false);
      expect(await javaOnPort(port)).toBe('');
      await first.stop(); // a second stop is harmless

      const second = await start({ dataDir });
      const reader = clientFor(second.endpoint);
      const { Item } = await reader.send(
        new GetItemCommand({ TableName: 'kept', Key: { pk: { S: 'story#1' }, sk: { S: 'v' } } }),
      );
      reader.destroy();

      expect(Item?.pk?.S).toBe('story#1');
      expect(await readdir(dataDir)).toContain('shared-local-instance.db');
      await second.stop();
      expect(isAlive(second.pid)).toBe(false);
    },
    SLOW,
  );

  it(
    'leaves no JVM behind when the process that started it crashes without stop()',
    async () => {
      const script = [
        "import { startDynamoDbLocal } from './lambdas/local/dynamodb-local.ts';",
        'const db = await startDynamoDbLocal();',
        'console.log(db.pid);',
        "throw new Error('crashed on purpose');",
      ].join('\n');
      const { code, stdout, stderr } = await new Promise<{
        code: number | null;
        stdout: string;
        stderr: string;
      }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script],
          { cwd: process.cwd() },
          (_, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }),
        );
      });
      const pid = Number(stdout.trim());

      try {
        expect(code).not.toBe(0);
        expect(stderr).toContain('crashed on purpose');
        expect(pid).toBeGreaterThan(0);
        await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
      } finally {
        if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL'); // only when the check failed
      }
    },
    SLOW,
  );

  it(
    'says so when the port is already in use',
    async () => {
      const port = Number(new URL(await sharedDynamoDbEndpoint()).port);

      await expect(startDynamoDbLocal({ port })).rejects.toThrow(
        new RegExp(`port ${port}: it is already in use`),
      );
    },
    SLOW,
  );
});
