import {
  type Alarm,
  AlarmStatusWidget,
  type CfnDashboard,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { DatelineMetrics } from './dateline-metrics.js';

export interface DatelineDashboardProps {
  readonly metrics: DatelineMetrics;
  readonly alarms: readonly Alarm[];
}

/** The figures behind the alarms, by stage of a story's way: ingest, publish, table, CDN. */
export function createDatelineDashboard(
  scope: Construct,
  id: string,
  props: DatelineDashboardProps,
): Dashboard {
  const m = props.metrics;
  const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
    new GraphWidget({ title, left, right, width: 8, height: 6 });
  const rows: IWidget[][] = [
    [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 4 })],
    [
      graph('API requests and errors', [m.apiRequests], [m.api4xx, m.api5xx]),
      graph(
        'Stories ingested and refused',
        [m.storiesIngested, m.storiesRefused],
        [m.ingestServerErrors],
      ),
      graph(
        'Ingest and authorizer functions',
        [m.ingestErrors, m.ingestThrottles, m.authorizerErrors, m.authorizerThrottles],
        [m.ingestDurationP99, m.apiLatencyP99],
      ),
    ],
    [
      graph(
        'Feeds rendered and files written',
        [m.feedsRendered, m.filesWritten],
        [m.casRetries, m.staleReads],
      ),
      graph('Render time and lag (ms)', [m.renderMsP99], [m.lagMax]),
      graph(
        'Publish function',
        [m.publishErrors, m.publishThrottles, m.publishFailures],
        [m.publishDurationP99],
      ),
    ],
    [
      graph('Stream and dead letters', [m.iteratorAge], [m.deadLetters]),
      graph('Minute sweep', [m.sweepFailures, m.sweepNotDelivered]),
      graph(
        'DynamoDB capacity and throttles',
        [m.tableReadUnits, m.tableWriteUnits],
        [m.tableThrottles],
      ),
    ],
    [
      // Its own graph: both per-operation sums name their parts by operation.
      graph('DynamoDB system errors', [m.tableSystemErrors]),
      m.cdnRequests && m.cdn5xxRate
        ? graph('CloudFront', [m.cdnRequests], [m.cdn5xxRate])
        : new TextWidget({
            markdown:
              'CloudFront metrics live in us-east-1; this stack is elsewhere, so see them on a dashboard there (docs/deploy.md).',
            width: 8,
            height: 6,
          }),
    ],
  ];
  const dashboard = new Dashboard(scope, id, { widgets: rows });
  // The stack's tags would reach the dashboard, whose CloudFormation schema (as cfn-lint, run in
  // CI on every stage's template, knows it) has no Tags property: keep it untagged.
  (dashboard.node.defaultChild as CfnDashboard).addPropertyDeletionOverride('Tags');
  return dashboard;
}
