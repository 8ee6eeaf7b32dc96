import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DatelineAlarmsProps {
  readonly ingest: IFunction;
  readonly publish: IFunction;
  /** Where the stream sends batches it gave up on. */
  readonly deadLetterQueue: IQueue;
  /** A stream record older than this means feeds lag behind stories. @default Duration.minutes(1) */
  readonly maxIteratorAge?: Duration;
}

/**
 * One alarm per failure path: a failed ingest, a failed publish (stream, sweep or rebuild), a
 * batch given up on, a stream falling behind. No actions yet: subscribe a topic with
 * `alarm.addAlarmAction()`.
 */
export class DatelineAlarms extends Construct {
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: DatelineAlarmsProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const maxAge = props.maxIteratorAge ?? minute;
    this.alarms = [
      this.above('IngestErrors', props.ingest.metricErrors({ period: minute }), 0, 'ingest failed'),
      this.above(
        'PublishErrors',
        props.publish.metricErrors({ period: minute }),
        0,
        'publish failed',
      ),
      this.above(
        'DeadLetters',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: minute,
          statistic: 'Maximum',
        }),
        0,
        'stream batches were given up on: their feeds may be stale',
      ),
      this.above(
        'StreamIteratorAge',
        props.publish.metric('IteratorAge', { period: minute, statistic: 'Maximum' }),
        maxAge.toMilliseconds(),
        `the publisher is more than ${maxAge.toHumanString()} behind the story stream`,
      ),
    ];
  }

  private above(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    return new Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `Dateline: ${description}`,
    });
  }
}
