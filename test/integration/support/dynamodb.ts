import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import {
  createDocumentClient,
  createDynamoDbClient,
} from '../../../lambdas/adapters/dynamodb/client.js';
import { DynamoDbCredentialStore } from '../../../lambdas/adapters/dynamodb/dynamodb-credential-store.js';
import {
  DynamoDbStoryStore,
  type DynamoDbStoryStoreOptions,
} from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { tableDefinition } from '../../../lambdas/adapters/dynamodb/table-definition.js';

/** The region every local client uses: with `-sharedDb` it only has to be consistent. */
export const TEST_REGION = 'local';

export interface TestTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly streamArn: string;
  /** Deletes the table and closes the client. */
  drop(): Promise<void>;
}

/** A fresh table and the production adapters on it, as a Lambda's composition makes them. */
export interface TestStores extends TestTable {
  /** The document client every store here uses (production marshalling, over `client`). */
  readonly documents: DynamoDBDocumentClient;
  readonly stories: DynamoDbStoryStore;
  readonly credentials: DynamoDbCredentialStore;
  /**
   * Another story store on the same table and document client, with its own cache (as a second
   * warm Lambda has), and `options` (e.g. `storyCacheBytes`).
   */
  storyStore(options?: StoryStoreOptions): DynamoDbStoryStore;
}

type StoryStoreOptions = Omit<DynamoDbStoryStoreOptions, 'client' | 'tableName'>;

let ready: Promise<string> | undefined;

/**
 * The endpoint of the run's one DynamoDB Local (global-setup.ts), once it answers: the global
 * setup starts it without waiting, so use this (not `inject('dynamodbEndpoint')`) before talking
 * to it. `createTestTable()` and `startTestApp()` call it for you.
 */
export function sharedDynamoDbEndpoint(): Promise<string> {
  ready ??= waitForSharedDynamoDb();
  return ready;
}

/** How long a file waits for the JVM: it can take a minute and more on a busy 2-core machine. */
const READY_WITHIN_MS = 240_000;

async function waitForSharedDynamoDb(): Promise<string> {
  const endpoint = inject('dynamodbEndpoint');
  // A probe: one attempt per poll, the fake credentials every local client uses.
  const client = new DynamoDBClient({
    region: TEST_REGION,
    endpoint,
    credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
    maxAttempts: 1,
  });
  const started = Date.now();
  try {
    for (;;) {
      const failure = await readFile(inject('dynamodbFailureFile'), 'utf8').catch(() => undefined);
      if (failure !== undefined) throw new Error(`DynamoDB Local did not start: ${failure}`);
      const answered = await client
        .send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(5000) })
        .then(
          () => true,
          () => false,
        );
      if (answered) return endpoint;
      if (Date.now() - started > READY_WITHIN_MS) {
        throw new Error(
          `DynamoDB Local did not answer at ${endpoint} within ${READY_WITHIN_MS} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.destroy();
  }
}

/** A fresh table (the production definition, with its stream) on the run's DynamoDB Local. */
export async function createTestTable(): Promise<TestTable> {
  const client = createDynamoDbClient({
    region: TEST_REGION,
    endpoint: await sharedDynamoDbEndpoint(),
  });
  const tableName = `test-${randomUUID()}`;
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  const streamArn = await waitUntilActive(client, tableName);
  return {
    client,
    tableName,
    streamArn,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      } finally {
        client.destroy();
      }
    },
  };
}

/**
 * `createTestTable()` with a document client, a story store and a credential store on it: the
 * setup of a file that tests adapters or use cases against DynamoDB Local. `drop()` it in
 * `afterAll`. To watch or change what is sent, patch `documents` (or `client`'s middleware):
 * every store here sends through it.
 */
export async function createTestStores(): Promise<TestStores> {
  const table = await createTestTable();
  const documents = createDocumentClient(table.client);
  const storyStore = (options: StoryStoreOptions = {}) =>
    new DynamoDbStoryStore({ ...options, client: documents, tableName: table.tableName });
  return {
    ...table,
    documents,
    stories: storyStore(),
    credentials: new DynamoDbCredentialStore({ client: documents, tableName: table.tableName }),
    storyStore,
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && Table.LatestStreamArn) return Table.LatestStreamArn;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/** Every command sent through `documents` until `stop`. */
export function watchCommands(documents: DynamoDBDocumentClient) {
  const commands: Array<{ name: string; input: unknown }> = [];
  const send = documents.send;
  const sendOne = send.bind(documents) as (command: unknown) => Promise<unknown>;
  documents.send = ((command: { constructor: { name: string }; input: unknown }) => {
    commands.push({ name: command.constructor.name, input: command.input });
    return sendOne(command);
  }) as unknown as typeof send;
  const stop = () => {
    documents.send = send;
  };
  return { commands, stop };
}
