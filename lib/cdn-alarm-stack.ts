import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { CdnAlarm } from './constructs/cdn-alarm.js';
import type { Stage } from './stage.js';

export interface CdnAlarmStackProps extends StackProps {
  /** The main stack's distribution (a cross-region reference: its id reaches here by SSM). */
  readonly distribution: IDistribution;
  readonly stage: Stage;
  /** The main stack's subscriber. @default - no subscription */
  readonly alarmEmail?: string;
}

/**
 * Wiring only: the CloudFront 5xx alarm of a Dateline stack deployed outside us-east-1, in a
 * small stack of its own in us-east-1 (where CloudFront's metrics are).
 */
export class CdnAlarmStack extends Stack {
  readonly cdn: CdnAlarm;

  constructor(scope: Construct, id: string, props: CdnAlarmStackProps) {
    super(scope, id, {
      description: `Dateline CloudFront 5xx alarm (${props.stage}), in us-east-1 with its metrics`,
      terminationProtection: props.stage === 'prod',
      ...props,
    });
    Tags.of(this).add('project', 'dateline');
    Tags.of(this).add('stage', props.stage);
    this.cdn = new CdnAlarm(this, 'Cdn', {
      distribution: props.distribution,
      alarmEmail: props.alarmEmail,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.cdn.topic.topicArn,
      description: 'SNS topic the CloudFront 5xx alarm notifies; subscribe to it too',
    });
  }
}
