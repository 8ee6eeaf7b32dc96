import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CredentialsTable } from './credentials-table.js';
import { DatelineFunction } from './dateline-function.js';

export interface PartnerPushProps {
  /** The push sender's entry file (lambdas/handlers/push-sender.ts). */
  readonly entry: string;
  /** Partners and their secrets live here; the sender may only read them and record deliveries. */
  readonly credentials: CredentialsTable;
  /** The sender's variables besides the queues' and the table's (APP_ENV, LOG_LEVEL, …). */
  readonly environment: Readonly<Record<string, string>>;
  /** Compiled into the bundle, as for the other functions. */
  readonly bundledConfig: unknown;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** Longer than 24 hours of retries plus the last pause (at most 1 h) and the fan-out. */
const RETENTION = Duration.days(2);
/** The sender's timeout: one POST waits at most 10 s, a batch's attempts run side by side. */
const SENDER_TIMEOUT = Duration.seconds(30);
/**
 * A poison message (one the sender cannot read) is dead-lettered after this many receives:
 * well above the ~32 attempts of a day of retries, which end in the parked queue themselves.
 */
const MAX_RECEIVES = 60;

/**
 * Signed partner push on AWS: an SQS standard queue the render function puts each feed's item
 * changes on, and a sender Lambda that fans a change out into one message per partner and
 * delivers each, retrying a failure by setting the message's visibility to the next pause of
 * the schedule (10 s doubling, at most 1 h; ChangeMessageVisibility allows 12 h) for 24 hours,
 * then parking it in a dead-letter queue whose depth raises an alarm. Why not EventBridge API
 * destinations: docs/deploy.md, "Partner push".
 */
export class PartnerPush extends Construct {
  readonly queue: Queue;
  readonly parkedQueue: Queue;
  readonly sender: DatelineFunction;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: PartnerPushProps) {
    super(scope, id);
    this.parkedQueue = new Queue(this, 'ParkedQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: RETENTION,
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.parkedQueue, maxReceiveCount: MAX_RECEIVES },
    });
    this.sender = new DatelineFunction(this, 'Sender', {
      entry: props.entry,
      description: 'Dateline: signed partner push (deliveries, retries, parking)',
      timeout: SENDER_TIMEOUT,
      logRemovalPolicy: props.logRemovalPolicy,
      bundledConfig: props.bundledConfig,
      environment: {
        ...props.environment,
        CREDENTIALS_TABLE_NAME: props.credentials.tableName,
        PUSH_QUEUE_URL: this.queue.queueUrl,
        PUSH_PARKED_QUEUE_URL: this.parkedQueue.queueUrl,
      },
    });
    this.sender.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: 10,
      }),
    );
    // Consume (receive, delete, change visibility) and fan out onto its own queue; park.
    this.queue.grantConsumeMessages(this.sender);
    this.queue.grantSendMessages(this.sender);
    this.parkedQueue.grantSendMessages(this.sender);
    props.credentials.grantPushPartners(this.sender);
    this.alarms = [
      new Alarm(this, 'ParkedNotifications', {
        metric: this.parkedQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription:
          'Dateline: a partner notification was parked after 24 hours of retries (see the parked queue)',
      }),
      new Alarm(this, 'SenderErrors', {
        metric: this.sender.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: 'Dateline: the partner push sender failed',
      }),
    ];
  }

  /** The render function: it only queues changes (no access to partners or their secrets). */
  grantNotify(grantee: IGrantable): void {
    this.queue.grantSendMessages(grantee);
  }

  /** Every alarm notifies the stack's alarm topic, and again when it clears. */
  notify(topic: ITopic): void {
    const action = new SnsAction(topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
