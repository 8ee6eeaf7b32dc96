import { Duration } from 'aws-cdk-lib';
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
import { cdn5xxAlarm } from './cdn-alarm.js';
import { createDatelineDashboard } from './dateline-dashboard.js';
import { type DatelineMetrics, type DatelineWatched, datelineMetrics } from './dateline-metrics.js';

export interface DatelineMonitoringProps extends DatelineWatched {
  /** Subscribed to the alarm topic when given (the address must confirm). @default - none */
  readonly alarmEmail?: string;
  /** A stream record older than this means feeds lag behind stories. @default 1 minute */
  readonly maxIteratorAge?: Duration;
  /** A story taking longer than this from POST to its feeds. @default 1 minute */
  readonly maxPublishLag?: Duration;
  /** The publisher's timeout: a run longer than 80 % of it is about to be cut short. */
  readonly publishTimeout: Duration;
  /** The render function's timeout, watched the same way. */
  readonly renderTimeout: Duration;
  /** The oldest feed message waiting longer than this means renders fall behind. @default 1 minute */
  readonly maxFeedQueueAge?: Duration;
  /** More feed messages waiting than this (each is one feed to render). @default 1000 */
  readonly maxFeedQueueDepth?: number;
}

/**
 * One alarm per failure path, each notifying one SNS topic (and back when it clears), and a
 * dashboard of the same figures. A failure path is anything that leaves a newsroom's story out
 * of the feeds or a reader with an error: an ingest answering 5xx (API Gateway's count and the
 * handler's own), ingest, authorizer or publish errors and throttles, batches dead-lettered, a stream
 * falling behind, sweeps failing or not delivered, DynamoDB throttling or failing, feeds lagging
 * behind the newsroom, and (in us-east-1, where its metrics are) CloudFront answering 5xx.
 */
export class DatelineMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Readonly<Record<string, Alarm>>;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: DatelineMonitoringProps) {
    super(scope, id);
    this.topic = alarmTopic(this, 'Dateline alarms', props.alarmEmail);
    const metrics = datelineMetrics(this, props);
    this.alarms = this.createAlarms(metrics, props);
    const action = new SnsAction(this.topic);
    for (const alarm of Object.values(this.alarms)) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    const dashboard = createDatelineDashboard(this, 'Dashboard', {
      metrics,
      alarms: Object.values(this.alarms),
    });
    this.dashboardName = dashboard.dashboardName;
  }

  private createAlarms(m: DatelineMetrics, props: DatelineMonitoringProps): Record<string, Alarm> {
    const age = props.maxIteratorAge ?? Duration.minutes(1);
    const lag = props.maxPublishLag ?? Duration.minutes(1);
    const alarms: Record<string, Alarm> = {
      ApiServerErrors: this.above('ApiServerErrors', m.api5xx, 0, 'the ingest API answered 5xx'),
      IngestServerErrors: this.above(
        'IngestServerErrors',
        m.ingestServerErrors,
        0,
        'the ingest handler answered 5xx (its own count)',
      ),
      IngestErrors: this.above('IngestErrors', m.ingestErrors, 0, 'the ingest function failed'),
      IngestThrottles: this.above('IngestThrottles', m.ingestThrottles, 0, 'ingest throttled'),
      AuthorizerErrors: this.above(
        'AuthorizerErrors',
        m.authorizerFailures,
        0,
        'the ingest authorizer failed (refused tokens not counted): senders get 500',
      ),
      ApiThrottled: this.above(
        'ApiThrottled',
        m.api429,
        0,
        'the ingest API answered 429: a sender exceeds the stage or route limits (use POST /stories/batch for bursts)',
      ),
      PublishNearTimeout: this.above(
        'PublishNearTimeout',
        m.publishDurationMax,
        props.publishTimeout.toMilliseconds() * 0.8,
        `a publish took over 80% of its ${props.publishTimeout.toHumanString()} timeout`,
      ),
      RenderNearTimeout: this.above(
        'RenderNearTimeout',
        m.renderDurationMax,
        props.renderTimeout.toMilliseconds() * 0.8,
        `a feed render took over 80% of its ${props.renderTimeout.toHumanString()} timeout`,
      ),
      RenderErrors: this.above(
        'RenderErrors',
        m.renderErrors,
        0,
        'the feed render function failed',
      ),
      RenderThrottles: this.above(
        'RenderThrottles',
        m.renderThrottles,
        0,
        'feed renders throttled',
      ),
      FeedQueueAge: this.above(
        'FeedQueueAge',
        m.feedQueueAge,
        (props.maxFeedQueueAge ?? Duration.minutes(1)).toSeconds(),
        'a feed has waited too long in the per-feed queue: feeds lag behind stories',
      ),
      FeedQueueDepth: this.above(
        'FeedQueueDepth',
        m.feedQueueDepth,
        props.maxFeedQueueDepth ?? 1000,
        'too many feeds wait in the per-feed queue',
      ),
      FeedDeadLetters: this.above(
        'FeedDeadLetters',
        m.feedDeadLetters,
        0,
        'feed renders were given up on: those feeds may be stale until they change again',
      ),
      SweepHeartbeat: new Alarm(this, 'SweepHeartbeat', {
        metric: m.sweepsCompleted,
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data is the failure this alarm is for: the minute sweep stopped running.
        treatMissingData: TreatMissingData.BREACHING,
        alarmDescription:
          'Dateline: no minute sweep completed in 5 minutes: embargoes will not lift',
      }),
      AuthorizerThrottles: this.above(
        'AuthorizerThrottles',
        m.authorizerThrottles,
        0,
        'the ingest authorizer was throttled',
      ),
      PublishErrors: this.above('PublishErrors', m.publishErrors, 0, 'a publish failed'),
      PublishThrottles: this.above('PublishThrottles', m.publishThrottles, 0, 'publish throttled'),
      DeadLetters: this.above(
        'DeadLetters',
        m.deadLetters,
        0,
        'stream batches were given up on: their feeds may be stale (see docs/deploy.md)',
      ),
      StreamIteratorAge: this.above(
        'StreamIteratorAge',
        m.iteratorAge,
        age.toMilliseconds(),
        `the publisher is more than ${age.toHumanString()} behind the story stream`,
      ),
      SweepFailures: this.above('SweepFailures', m.sweepFailures, 0, 'a minute sweep failed'),
      SweepNotDelivered: this.above(
        'SweepNotDelivered',
        m.sweepNotDelivered,
        0,
        'the scheduler could not invoke the minute sweep: embargoes may not lift',
      ),
      TableThrottles: this.above('TableThrottles', m.tableThrottles, 0, 'DynamoDB throttled'),
      TableSystemErrors: this.above(
        'TableSystemErrors',
        m.tableSystemErrors,
        0,
        'DynamoDB answered with system errors',
      ),
      PublishLag: this.above(
        'PublishLag',
        m.lagMax,
        lag.toMilliseconds(),
        `a story took more than ${lag.toHumanString()} from the newsroom to its feeds`,
      ),
    };
    // Outside us-east-1 the alarm lives in a stack there (CdnAlarmStack).
    if (m.cdn5xxRate) alarms.CdnServerErrors = cdn5xxAlarm(this, 'CdnServerErrors', m.cdn5xxRate);
    return alarms;
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
