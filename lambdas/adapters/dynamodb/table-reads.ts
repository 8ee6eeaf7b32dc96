import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { storyKey } from './story-item.js';

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
 * to `take`; unprocessed keys are asked for again with backoff, up to eight times.
 */
export async function batchGetStories<T>(
  client: DynamoDBDocumentClient,
  table: string,
  ids: readonly string[],
  take: (item: Record<string, unknown>) => T,
  projection: { ProjectionExpression?: string } = {},
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Array<Record<string, unknown>> = ids.slice(i, i + 100).map(storyKey);
    for (let attempt = 0; keys.length > 0 && attempt < 8; attempt++) {
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: keys, ConsistentRead: true, ...projection } },
        }),
      );
      for (const item of result.Responses?.[table] ?? []) found.push(take(item));
      keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
      if (keys.length > 0) await backoff(attempt);
    }
  }
  return found;
}

/** The wait before retry `attempt` of unprocessed items: 25 ms, doubling. */
export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
}
