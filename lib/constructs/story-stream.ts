import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  FilterCriteria,
  FilterRule,
  type IFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface StoryStreamProps {
  /** The table whose stream is read; it must have one. */
  readonly table: ITable;
  /** The publisher: it renders the feeds a batch of story changes touches. */
  readonly handler: IFunction;
  /** Only records whose sort key equals this reach the handler: story items, not entries. */
  readonly storySortKey: string;
}

/**
 * Story changes → publisher. Batches of up to 100 records within a second coalesce into one
 * render per feed. A failing batch is bisected and retried (3 times); what still fails goes to an
 * encrypted dead letter queue (as shard and sequence numbers, not records), which an alarm watches.
 */
export class StoryStream extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StoryStreamProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    props.handler.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 3,
        reportBatchItemFailures: false,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual(props.storySortKey) } } },
          }),
        ],
      }),
    );
  }
}
