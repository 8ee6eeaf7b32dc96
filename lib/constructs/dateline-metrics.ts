import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { type IMetric, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  METRIC,
  type MetricName,
  SERVICE_NAME,
} from '../../lambdas/adapters/observability/metric-names.js';

/** What the stack watches. */
export interface DatelineWatched {
  readonly ingest: IFunction;
  readonly publish: IFunction;
  /** The HTTP API's Lambda authorizer: when it fails or is throttled, API Gateway answers 500. */
  readonly authorizer: IFunction;
  readonly apiStage: IHttpStage;
  readonly table: ITable;
  /** Where the stream sends batches it gave up on. */
  readonly deadLetterQueue: IQueue;
  readonly distribution: IDistribution;
  /** The namespace the functions write their EMF metrics to (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  /** The feed render function, fed by the per-feed queue. */
  readonly render: IFunction;
  /** The per-feed FIFO queue and its dead-letter queue. */
  readonly feedQueue: IQueue;
  readonly feedDeadLetterQueue: IQueue;
  /** The API's access logs (one JSON line per request, with its status): 429s are counted there. */
  readonly apiAccessLogs: ILogGroup;
  /** The authorizer's logs: each refused token is one `request refused` line. */
  readonly authorizerLogs: ILogGroup;
}

/** Metric names of the log-based metrics (written by metric filters, not by the code). */
export const LOG_METRIC = {
  api429: 'ApiThrottled429',
  tokensRefused: 'TokensRefused',
} as const;

const MINUTE = Duration.minutes(1);
/**
 * The operations the functions send to the stories table (the publisher's archive records are
 * PutItem); DynamoDB reports throttles and system errors per operation.
 */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.QUERY,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * Every figure the alarms and the dashboard read, built once: AWS's own metrics of the API,
 * functions, table, queue, scheduler and CDN, and the functions' EMF metrics (lambdas/adapters/
 * observability/metric-names.ts), matched on exactly the dimensions the code writes.
 */
export function datelineMetrics(scope: Construct, watched: DatelineWatched) {
  const custom = (name: MetricName, statistic = 'Sum') =>
    new Metric({
      namespace: watched.metricsNamespace,
      metricName: name,
      dimensionsMap: { service: SERVICE_NAME },
      statistic,
      period: MINUTE,
    });
  const scheduler = ScheduleGroup.fromDefaultScheduleGroup(scope, 'DefaultScheduleGroup');
  const { table, ingest, publish, authorizer, apiStage } = watched;
  const fromLogs = (id: string, logGroup: ILogGroup, name: string, pattern: string) =>
    new MetricFilter(scope, id, {
      logGroup,
      filterPattern: FilterPattern.literal(pattern),
      metricNamespace: watched.metricsNamespace,
      metricName: name,
      metricValue: '1',
    }).metric({ period: MINUTE, statistic: 'Sum' });
  const api429 = fromLogs(
    'Api429s',
    watched.apiAccessLogs,
    LOG_METRIC.api429,
    '{ $.status = "429" }',
  );
  const tokensRefused = fromLogs(
    'TokensRefused',
    watched.authorizerLogs,
    LOG_METRIC.tokensRefused,
    '{ $.message = "request refused" }',
  );
  const authorizerErrors = authorizer.metricErrors({ period: MINUTE });
  return {
    apiRequests: apiStage.metricCount({ period: MINUTE, statistic: 'Sum' }),
    api4xx: apiStage.metricClientError({ period: MINUTE, statistic: 'Sum' }),
    api5xx: apiStage.metricServerError({ period: MINUTE, statistic: 'Sum' }),
    apiLatencyP99: apiStage.metricLatency({ period: MINUTE, statistic: 'p99' }),
    ingestServerErrors: custom(METRIC.ingestServerErrors),
    storiesIngested: custom(METRIC.storiesIngested),
    storiesRefused: custom(METRIC.storiesRefused),
    ingestErrors: ingest.metricErrors({ period: MINUTE }),
    ingestThrottles: ingest.metricThrottles({ period: MINUTE }),
    ingestDurationP99: ingest.metricDuration({ period: MINUTE, statistic: 'p99' }),
    api429,
    tokensRefused,
    authorizerErrors,
    // A refused token throws (API Gateway answers 401 only then), so it is a Lambda error too:
    // the failures are the errors that are not refusals. Both exist only when they happen.
    authorizerFailures: new MathExpression({
      expression: 'FILL(errors, 0) - FILL(refused, 0)',
      label: 'authorizer errors that were not refused tokens',
      usingMetrics: { errors: authorizerErrors, refused: tokensRefused },
      period: MINUTE,
    }),
    authorizerThrottles: authorizer.metricThrottles({ period: MINUTE }),
    publishErrors: publish.metricErrors({ period: MINUTE }),
    publishThrottles: publish.metricThrottles({ period: MINUTE }),
    publishDurationP99: publish.metricDuration({ period: MINUTE, statistic: 'p99' }),
    publishDurationMax: publish.metricDuration({ period: MINUTE, statistic: 'Maximum' }),
    renderErrors: watched.render.metricErrors({ period: MINUTE }),
    renderThrottles: watched.render.metricThrottles({ period: MINUTE }),
    renderDurationMax: watched.render.metricDuration({ period: MINUTE, statistic: 'Maximum' }),
    feedQueueAge: watched.feedQueue.metricApproximateAgeOfOldestMessage({
      period: MINUTE,
      statistic: 'Maximum',
    }),
    feedQueueDepth: watched.feedQueue.metricApproximateNumberOfMessagesVisible({
      period: MINUTE,
      statistic: 'Maximum',
    }),
    feedDeadLetters: watched.feedDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: MINUTE,
      statistic: 'Maximum',
    }),
    feedsQueued: custom(METRIC.feedsQueued),
    feedRenderMsP99: custom(METRIC.feedRenderMs, 'p99'),
    sweepsCompleted: new Metric({
      namespace: watched.metricsNamespace,
      metricName: METRIC.sweepsCompleted,
      dimensionsMap: { service: SERVICE_NAME },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    iteratorAge: publish.metric('IteratorAge', { period: MINUTE, statistic: 'Maximum' }),
    deadLetters: watched.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: MINUTE,
      statistic: 'Maximum',
    }),
    feedsRendered: custom(METRIC.feedsRendered),
    filesWritten: custom(METRIC.filesWritten),
    casRetries: custom(METRIC.casRetries),
    staleReads: custom(METRIC.staleReads),
    renderMsP99: custom(METRIC.renderMs, 'p99'),
    lagMax: custom(METRIC.ingestToPublishLagMs, 'Maximum'),
    publishFailures: custom(METRIC.publishFailures),
    sweepFailures: custom(METRIC.sweepFailures),
    sweepNotDelivered: new MathExpression({
      // Each exists only when it happens: without FILL the sum is never evaluated.
      expression: 'FILL(errors, 0) + FILL(dropped, 0)',
      label: 'sweep invocations failed or dropped by the scheduler',
      usingMetrics: {
        errors: scheduler.metricTargetErrors({ period: MINUTE }),
        dropped: scheduler.metricDropped({ period: MINUTE }),
      },
      period: MINUTE,
    }),
    tableThrottles: perOperationSum(table, 'ThrottledRequests', 'DynamoDB throttled requests'),
    tableSystemErrors: perOperationSum(table, 'SystemErrors', 'DynamoDB system errors'),
    tableReadUnits: table.metricConsumedReadCapacityUnits({ period: MINUTE }),
    tableWriteUnits: table.metricConsumedWriteCapacityUnits({ period: MINUTE }),
    cdn5xxRate: cdnMetric(scope, watched.distribution, '5xxErrorRate', 'Average'),
    cdnRequests: cdnMetric(scope, watched.distribution, 'Requests', 'Sum'),
  };
}

export type DatelineMetrics = ReturnType<typeof datelineMetrics>;

/**
 * The sum over the operations the functions call of a metric DynamoDB reports per operation
 * only when it happens: each term is FILLed with 0, or one quiet operation leaves the sum empty.
 */
function perOperationSum(table: ITable, metricName: string, label: string): MathExpression {
  const usingMetrics = Object.fromEntries(
    TABLE_OPERATIONS.map((operation, i) => [
      `op${i}`,
      table.metric(metricName, {
        dimensionsMap: { TableName: table.tableName, Operation: operation },
        statistic: 'Sum',
        period: MINUTE,
      }),
    ]),
  );
  return new MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    label,
    usingMetrics,
    period: MINUTE,
  });
}

/**
 * CloudFront publishes its metrics in us-east-1 only, and an alarm can only read metrics of its
 * own region: a stack elsewhere (or one whose region is not known at synth) gets none here; a
 * stack pinned elsewhere gets its CloudFront alarm from a stack in us-east-1 (CdnAlarmStack).
 */
function cdnMetric(
  scope: Construct,
  distribution: IDistribution,
  name: string,
  statistic: string,
): IMetric | undefined {
  if (Stack.of(scope).region !== 'us-east-1') return undefined;
  return cloudFrontMetric(distribution, name, statistic);
}

/** One CloudFront metric of a distribution (readable by alarms in us-east-1 only). */
export function cloudFrontMetric(
  distribution: IDistribution,
  name: string,
  statistic: string,
): IMetric {
  return new Metric({
    namespace: 'AWS/CloudFront',
    metricName: name,
    dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
    statistic,
    period: Duration.minutes(5),
  });
}
