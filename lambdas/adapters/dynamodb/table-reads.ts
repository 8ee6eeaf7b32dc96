import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { storyKey } from './story-item.js';
import { batchGetItems } from './table-batches.js';

type QueryInput = Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>;

/** Every item a query matches, page after page, strongly consistent. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  table: string,
  input: QueryInput,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        ...input,
        TableName: table,
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) items.push(item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * The story items with these ids that exist, in strongly consistent BatchGets of 100, each passed
 * to `take` (see `batchGetItems`).
 */
export function batchGetStories<T>(
  client: DynamoDBDocumentClient,
  table: string,
  ids: readonly string[],
  take: (item: Record<string, unknown>) => T,
  projection: { ProjectionExpression?: string } = {},
): Promise<T[]> {
  return batchGetItems(client, table, ids.map(storyKey), take, projection);
}
