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

/**
 * Creates a table with the stories table's keys, indexes and TTL but no stream, unless it exists:
 * the credentials and audience tables (no stream consumer ever sees them), and the scale bench's.
 */
export async function ensureTableWithoutStream(
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

/** The credentials table: no stream, so the publisher never sees a secret's digest. */
export const ensureCredentialsTable = ensureTableWithoutStream;

/** The audience stats table: no stream (the publisher never sees audience counts). */
export const ensureStatsTable = ensureTableWithoutStream;

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
