import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { STATS_PARTITION_PREFIXES } from '../../lambdas/adapters/audience/dynamodb-audience-store.js';
import { TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-definition.js';
import { DatelineFunction } from './dateline-function.js';

/** Where CloudFront writes its standard logs in the log bucket. */
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront/';

export interface AudienceLogsProps {
  /** `RETAIN` keeps the stats table (with deletion protection). @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Days a raw log file is kept (it holds readers' addresses). @default 3 */
  readonly logExpiryDays?: number;
  /** More variables for the log processor (the stage's `APP_ENV`). @default - none */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Audience from the CDN's own logs: CloudFront standard logging into a private, encrypted log
 * bucket whose files expire after a few days; each new file starts the log processor (an S3
 * event notification), which counts it and writes increments to the stats table. The day keys
 * that client hashes are made with live in a table of their own, without point-in-time
 * recovery, so a deleted key is gone. See docs/cost.md for why not Athena.
 */
export class AudienceLogs extends Construct {
  readonly logBucket: Bucket;
  readonly statsTable: Table;
  readonly keysTable: Table;
  readonly processor: DatelineFunction;

  constructor(scope: Construct, id: string, props: AudienceLogsProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retain = removalPolicy === RemovalPolicy.RETAIN;
    this.logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL and cannot use SSE-KMS.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logExpiryDays ?? 3) }],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    const table = (tableId: string, pointInTimeRecovery: boolean) =>
      new Table(this, tableId, {
        partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
        sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
        billingMode: BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: TABLE_KEYS.ttl,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pointInTimeRecovery },
        deletionProtection: retain && pointInTimeRecovery,
        removalPolicy: pointInTimeRecovery ? removalPolicy : RemovalPolicy.DESTROY,
      });
    this.statsTable = table('StatsTable', true);
    // No backups of the keys, and never retained: a key must be unrecoverable once deleted,
    // and a stack deleted must not leave its keys behind.
    this.keysTable = table('KeysTable', false);

    this.processor = new DatelineFunction(this, 'Processor', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/process-logs.ts', import.meta.url)),
      description: 'Dateline: counts each CloudFront log file into the audience stats',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      logRemovalPolicy: removalPolicy,
      environment: {
        ...props.environment,
        STATS_TABLE_NAME: this.statsTable.tableName,
        STATS_KEYS_TABLE_NAME: this.keysTable.tableName,
        LOG_LEVEL: 'info',
      },
    });
    Grant.addToPrincipal({
      grantee: this.processor,
      actions: ['s3:GetObject'],
      resourceArns: [this.logBucket.arnForObjects(`${CLOUDFRONT_LOG_PREFIX}*`)],
    });
    Grant.addToPrincipal({
      grantee: this.processor,
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.statsTable.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': STATS_PARTITION_PREFIXES.map((p) => `${p}*`),
        },
      },
    });
    Grant.addToPrincipal({
      grantee: this.processor,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resourceArns: [this.keysTable.tableArn],
    });
    this.logBucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new LambdaDestination(this.processor),
      { prefix: CLOUDFRONT_LOG_PREFIX },
    );
  }

  /** `GET /stats`: one Query per day, in the day partitions only (never the client hashes). */
  grantReadStats(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [this.statsTable.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['day#*'] } },
    });
  }
}
