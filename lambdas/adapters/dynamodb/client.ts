import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  readonly region: string;
  /** Set only in local mode and tests: the embedded DynamoDB Local's loopback address. */
  readonly endpoint?: string;
}

/**
 * The one place DynamoDB clients are made and marshalling is configured. Local endpoints get
 * fixed fake credentials, so every client sees the same DynamoDB Local database.
 */
export function createDynamoDbClient(options: DynamoDbClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
        }
      : {}),
  });
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
