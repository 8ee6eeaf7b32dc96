import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

type Key = Record<string, unknown>;

/** Tries of a batch whose items DynamoDB left unprocessed, before the call fails. */
const ATTEMPTS = 8;

/**
 * The items with these keys that exist, in strongly consistent BatchGets of 100, each passed to
 * `take`; unprocessed keys are asked for again with backoff, and still unprocessed after eight
 * tries they fail the call (a missing item would read as one that does not exist).
 */
export async function batchGetItems<T>(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
  take: (item: Record<string, unknown>) => T,
  projection: {
    ProjectionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
  } = {},
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Key[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === ATTEMPTS)
        throw new Error(`${pending.length} keys unprocessed after 8 BatchGets`);
      if (attempt > 0) await backoff(attempt - 1);
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: true, ...projection } },
        }),
      );
      for (const item of result.Responses?.[table] ?? []) found.push(take(item));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  }
  return found;
}

/**
 * Puts or deletes items in BatchWrites of 25 (each item 1 WRU per KB, not doubled as in a
 * transaction; no conditions); unprocessed items are sent again with backoff, and still
 * unprocessed after eight tries they fail the call.
 */
export async function batchWriteItems(
  client: DynamoDBDocumentClient,
  table: string,
  requests: ReadonlyArray<{ PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } }>,
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Array<Record<string, unknown>> = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === ATTEMPTS)
        throw new Error(`${pending.length} writes unprocessed after 8 BatchWrites`);
      if (attempt > 0) await backoff(attempt - 1);
      const result = await client.send(
        new BatchWriteCommand({ RequestItems: { [table]: pending } }),
      );
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

/** The wait before retry `attempt` of unprocessed items: 25 ms, doubling. */
export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
}
