import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_KEYS, tableDefinition } from '../../lambdas/adapters/dynamodb/table-definition.js';
import { StoriesTable } from '../../lib/constructs/stories-table.js';

function tableProps(removalPolicy?: RemovalPolicy) {
  // CloudFormation's schema check loads its specs (seconds per process); bundling.test.ts runs
  // it on the whole stack, this table included.
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }));
  new StoriesTable(stack, 'Stories', { removalPolicy });
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
  if (!table) throw new Error('no table');
  return table;
}

describe('StoriesTable', () => {
  it('declares the keys, billing mode and stream view of tableDefinition()', () => {
    const local = tableDefinition('any');
    const props = tableProps().Properties;
    expect(props).toMatchObject({
      AttributeDefinitions: local.AttributeDefinitions,
      KeySchema: local.KeySchema,
      BillingMode: local.BillingMode,
      StreamSpecification: { StreamViewType: local.StreamSpecification?.StreamViewType },
    });
  });

  it('has pk/sk string keys, on-demand billing, PITR, a full-image stream and TTL on ttl', () => {
    expect(tableProps().Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
    });
  });

  it('retains and protects the table by default', () => {
    const table = tableProps();
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('lets a disposable table go with its stack', () => {
    const table = tableProps(RemovalPolicy.DESTROY);
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
  });
});
