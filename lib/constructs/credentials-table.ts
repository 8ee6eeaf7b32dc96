import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import {
  CREDENTIAL_PARTITION,
  RATE_PARTITION_PREFIX,
} from '../../lambdas/adapters/dynamodb/credential-item.js';
import { PARTNER_PARTITION } from '../../lambdas/adapters/dynamodb/partner-item.js';
import { TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-definition.js';

export interface CredentialsTableProps {
  /** `RETAIN` also turns on deletion protection. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The scoped credentials, apart from the stories: no stream, so their images (secret digests
 * included) never travel to the publisher, which has no grant here either. Keys as
 * `credentialsTableDefinition()` (local mode creates the same table); expired credentials leave by
 * TTL.
 */
export class CredentialsTable extends Table {
  constructor(scope: Construct, id: string, props: CredentialsTableProps = {}) {
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    super(scope, id, {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });
  }

  /** The authorizer: one GetItem per uncached Authorization header, nothing else. */
  grantAuthenticate(grantee: IGrantable): Grant {
    return this.grantIn(grantee, ['dynamodb:GetItem']);
  }

  /** The ingest function's credential management: create, revoke, read one, list all. */
  grantManage(grantee: IGrantable): Grant {
    return this.grantIn(grantee, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    ]);
  }

  /** The ingest function's request counters (`rate#<name>`): one conditional ADD per request. */
  grantCountRequests(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [this.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${RATE_PARTITION_PREFIX}*`] },
      },
    });
  }

  /** The ingest function's partner management (`partner` partition): as for credentials. */
  grantManagePartners(grantee: IGrantable): Grant {
    return this.grantIn(
      grantee,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      PARTNER_PARTITION,
    );
  }

  /** The push sender: read partners (with their secrets, to sign) and record deliveries. */
  grantPushPartners(grantee: IGrantable): Grant {
    return this.grantIn(
      grantee,
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      PARTNER_PARTITION,
    );
  }

  private grantIn(grantee: IGrantable, actions: string[], partition = CREDENTIAL_PARTITION): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [partition] },
      },
    });
  }
}
