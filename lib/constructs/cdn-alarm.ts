import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmTopic } from './alarm-topic.js';
import { cloudFrontMetric } from './dateline-metrics.js';

/** More than this percentage of feed requests answered 5xx at CloudFront in 5 minutes. */
export const CDN_5XX_PERCENT = 5;
export const CDN_5XX_DESCRIPTION =
  'Dateline: more than 5% of feed requests answered 5xx at CloudFront';

/** The CloudFront 5xx alarm on `metric` (its 5xxErrorRate), the same wherever it is made. */
export function cdn5xxAlarm(scope: Construct, id: string, metric: IMetric): Alarm {
  return new Alarm(scope, id, {
    metric,
    threshold: CDN_5XX_PERCENT,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: CDN_5XX_DESCRIPTION,
  });
}

export interface CdnAlarmProps {
  readonly distribution: IDistribution;
  /** Subscribed to this topic, as to the main alarm topic; `"none"` subscribes no one. */
  readonly alarmEmail?: string;
}

/**
 * The CloudFront 5xx alarm for a stack deployed outside us-east-1: CloudFront's metrics live in
 * us-east-1, an alarm reads only its own region's metrics, and an alarm's SNS action must be a
 * topic of its own region too, so this construct (in us-east-1) has its own topic, with the same
 * subscriber as the main stack's.
 */
export class CdnAlarm extends Construct {
  readonly topic: Topic;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: CdnAlarmProps) {
    super(scope, id);
    this.topic = alarmTopic(this, 'Dateline CloudFront alarms', props.alarmEmail);
    this.alarm = cdn5xxAlarm(
      this,
      'CdnServerErrors',
      cloudFrontMetric(props.distribution, '5xxErrorRate', 'Average'),
    );
    const action = new SnsAction(this.topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
  }
}
