import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Attribute names of the single table's keys and TTL; the CDK table declares the same. */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttl: 'ttl' } as const;

/**
 * The credentials table: the same keys, but no stream, so no stream consumer (the publisher)
 * ever sees a credential's image, secret digest included.
 */
export function credentialsTableDefinition(tableName: string): CreateTableCommandInput {
  const { StreamSpecification: _stream, ...definition } = tableDefinition(tableName);
  return definition;
}

/**
 * The table as local mode and tests create it. The CDK stack declares the same keys, billing
 * mode and stream view; test/infra asserts that the two agree.
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}
