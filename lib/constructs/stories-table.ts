import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  StreamViewType,
  Table,
  type TableProps,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-definition.js';

export interface StoriesTableProps {
  /** `RETAIN` also turns on deletion protection. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table: stories, feed entries, tombstones and due changes. Keys, billing and stream
 * view are those of `tableDefinition()` (local mode and tests create the same table); the
 * stream carries both images so the publisher sees the feeds a story left as well as joined.
 */
export class StoriesTable extends Table {
  constructor(scope: Construct, id: string, props: StoriesTableProps = {}) {
    super(scope, id, storiesTableProps(props.removalPolicy ?? RemovalPolicy.RETAIN));
  }
}

/**
 * The grants the functions get on the stories table, whether the stack made it or was pointed
 * at an existing one (a restored table: DatelineStackProps.storiesTable).
 */
export class StoryTableGrants {
  readonly #table: ITable;

  constructor(table: ITable) {
    this.#table = table;
  }

  /**
   * What the ingest function calls: GetItem to read a story, and the Put and Delete items of its
   * TransactWriteItems (IAM checks each item's own action), only in the `partitions` named
   * (`dynamodb:LeadingKeys` patterns, `*` a wildcard). No Scan, Query or batch writes.
   */
  grantStoryWrites(grantee: IGrantable, partitions: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resourceArns: [this.#table.tableArn],
      // Every key the request names must lie in one of these partitions (IAM checks each item
      // of a TransactWriteItems on its own).
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
    });
  }

  /**
   * Read-only access to the `partitions` named (`dynamodb:LeadingKeys` patterns): GetItem and
   * BatchGetItem by key, and Query within one of them. Ingest reads the feeds' archive heads and
   * page spans this way, to tell a sender which archive page late copy goes to.
   */
  grantPartitionReads(grantee: IGrantable, partitions: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      resourceArns: [this.#table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
    });
  }

  /**
   * What the publisher reads: Query for feed entries, tombstones, due changes and archives,
   * BatchGetItem for the stories they point to, GetItem for a story's page and a feed's archive
   * head. (Its stream read is granted by the event source.)
   */
  grantFeedReads(grantee: IGrantable): Grant {
    return this.#table.grant(
      grantee,
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
    );
  }

  /**
   * Lets `grantee` delete (and, as IAM cannot tell a batch delete from a batch put, write) only
   * the items of these partitions: the publisher clears processed due changes and records story
   * pages in batches (items it may already put one by one), and nothing else.
   */
  grantBatchWritesInPartitions(grantee: IGrantable, partitions: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
      resourceArns: [this.#table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...partitions] } },
    });
  }

  /**
   * Lets `grantee` put (and condition on) only items whose partition key starts with one of
   * `prefixes`: the publisher keeps feed archives and may write nothing else.
   */
  grantPutInPartitions(grantee: IGrantable, prefixes: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem'],
      resourceArns: [this.#table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`),
        },
      },
    });
  }
}

function storiesTableProps(removalPolicy: RemovalPolicy): TableProps {
  return {
    partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
    sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    stream: StreamViewType.NEW_AND_OLD_IMAGES,
    timeToLiveAttribute: TABLE_KEYS.ttl,
    deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    removalPolicy,
  };
}
