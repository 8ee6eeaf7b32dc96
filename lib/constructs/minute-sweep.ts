import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface MinuteSweepProps {
  /** Invoked asynchronously once a minute with `event`. */
  readonly handler: IFunction;
  /** The JSON event the handler receives. */
  readonly event: Readonly<Record<string, unknown>>;
}

/**
 * Re-publishes, once a minute, the feeds whose content changed by the clock alone (an embargo
 * lifted, a story expired). A sweep missed or failed is simply done by the next one, so nothing
 * is retried for long.
 */
export class MinuteSweep extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: MinuteSweepProps) {
    super(scope, id);
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Dateline: publish embargo lifts and expiries',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(props.handler, {
        input: ScheduleTargetInput.fromObject(props.event),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(1),
      }),
    });
  }
}
