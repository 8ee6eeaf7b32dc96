import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { sharedStack } from './stack-fixture.js';
import { actionsOf, logicalId, propertiesOf, statementsOfRole } from './template-helpers.js';

const { stack, template } = sharedStack('dev');
const audience = stack.audience;
const ids = {
  bucket: logicalId(audience.logBucket),
  stats: logicalId(audience.statsTable),
  keys: logicalId(audience.keysTable),
  processor: logicalId(audience.processor),
  processorRole: logicalId(audience.processor.role as NonNullable<typeof audience.processor.role>),
  ingestRole: logicalId(stack.ingest.role as NonNullable<typeof stack.ingest.role>),
  publishRole: logicalId(stack.publish.role as NonNullable<typeof stack.publish.role>),
};

describe('AudienceLogs', () => {
  it('has CloudFront write its standard logs to the log bucket under cloudfront/', () => {
    const distribution = propertiesOf(
      template,
      'AWS::CloudFront::Distribution',
      logicalId(stack.feeds.distribution),
    ).DistributionConfig as { Logging: unknown };

    expect(distribution.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [ids.bucket, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('keeps the logs private, encrypted, TLS-only and for three days only', () => {
    const bucket = propertiesOf(template, 'AWS::S3::Bucket', ids.bucket);

    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    });
    expect(bucket.LifecycleConfiguration).toEqual({
      Rules: [{ ExpirationInDays: 3, Status: 'Enabled' }],
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });

  it('starts the processor for each new log file', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: ids.bucket },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'cloudfront/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [ids.processor, 'Arn'] },
          },
        ],
      },
    });
  });

  it('gives the processor only what it calls: read logs, put and update stats, get/put/delete keys', () => {
    const data = statementsOfRole(template, ids.processorRole).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:')),
    );

    expect(data).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/cloudfront/*']] },
      }),
      expect.objectContaining({
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': [ids.stats, 'Arn'] },
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['day#*', 'clients#*'] },
        },
      }),
      expect.objectContaining({
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [ids.keys, 'Arn'] },
      }),
    ]);
  });

  it('keeps the day keys out of reach of every other function', () => {
    for (const role of [ids.ingestRole, ids.publishRole]) {
      expect(JSON.stringify(statementsOfRole(template, role))).not.toContain(ids.keys);
    }
    expect(JSON.stringify(statementsOfRole(template, ids.publishRole))).not.toContain(ids.stats);
  });

  it('backs up the stats (PITR, TTL) but never the day keys', () => {
    const stats = propertiesOf(template, 'AWS::DynamoDB::Table', ids.stats);
    const keys = propertiesOf(template, 'AWS::DynamoDB::Table', ids.keys);

    expect(stats.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(stats.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(stats.BillingMode).toBe('PAY_PER_REQUEST');
    expect(keys.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: false });
    expect(keys.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  it('runs the processor on nodejs22.x with its own log group and the two table names', () => {
    const props = propertiesOf(template, 'AWS::Lambda::Function', ids.processor);
    const logGroup = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;

    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Timeout).toBe(300);
    expect((props.Environment as { Variables: unknown }).Variables).toMatchObject({
      STATS_TABLE_NAME: { Ref: ids.stats },
      STATS_KEYS_TABLE_NAME: { Ref: ids.keys },
    });
    expect(propertiesOf(template, 'AWS::Logs::LogGroup', logGroup).RetentionInDays).toBe(30);
  });
});
