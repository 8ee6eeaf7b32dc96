import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  credentialsTableDefinition,
  TABLE_KEYS,
  tableDefinition,
} from '../adapters/dynamodb/table-definition.js';

/** Creates the credentials table (no stream, TTL) unless it exists. */
export async function ensureCredentialsTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await createUnlessExists(client, credentialsTableDefinition(tableName));
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/**
 * Creates the audience stats table unless it exists: the same keys and TTL as the credentials
 * table, no stream (the publisher never sees audience counts).
 */
export const ensureStatsTable = ensureCredentialsTable;

async function createUnlessExists(
  client: DynamoDBClient,
  definition: ReturnType<typeof tableDefinition>,
): Promise<boolean> {
  const TableName = definition.TableName;
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(definition));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
    }),
  );
  return true;
}

/** Creates the table (with its stream and TTL) unless it exists; says whether it was created. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ created: boolean; streamArn: string }> {
  const created = await createUnlessExists(client, tableDefinition(tableName));
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && Table.LatestStreamArn) {
      return { created, streamArn: Table.LatestStreamArn };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE with a stream`);
}
