import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDynamoDbClient } from '../../../lambdas/adapters/dynamodb/client.js';
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

/** A fresh table (the production definition, with its stream) on the run's DynamoDB Local. */
export async function createTestTable(): Promise<TestTable> {
  const client = createDynamoDbClient({
    region: TEST_REGION,
    endpoint: inject('dynamodbEndpoint'),
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

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && Table.LatestStreamArn) return Table.LatestStreamArn;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
