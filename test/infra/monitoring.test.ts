import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../lambdas/adapters/observability/metric-names.js';
import { buildStack, sharedStack } from './stack-fixture.js';
import { logicalId, onlyResource, propertiesOf } from './template-helpers.js';

type Json = Record<string, unknown>;

const stack = buildStack('dev', { alarmEmail: 'desk@news.example.com' });
const template = Template.fromStack(stack);
const topicId = logicalId(stack.monitoring.topic);
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
  (a) => a.Properties as Json,
);
const namespace = `Dateline/${stack.stackName}`;

/** The alarm's metric names, whether it watches one metric or an expression over several. */
function metricNamesOf(alarm: Json): string[] {
  if (typeof alarm.MetricName === 'string') return [alarm.MetricName];
  return ((alarm.Metrics as Json[] | undefined) ?? []).flatMap((m) => {
    const stat = m.MetricStat as { Metric: { MetricName: string } } | undefined;
    return stat ? [stat.Metric.MetricName] : [];
  });
}

function alarmOn(metric: string, namespaceOf?: string): Json {
  const found = alarms.find(
    (a) =>
      metricNamesOf(a).includes(metric) &&
      (namespaceOf === undefined || a.Namespace === namespaceOf),
  );
  if (!found) throw new Error(`no alarm on ${metric}`);
  return found;
}

describe('DatelineMonitoring', () => {
  it('has one alarm topic, TLS-only, with the configured e-mail subscribed', () => {
    const topic = onlyResource(template, 'AWS::SNS::Topic');
    expect(topic.id).toBe(topicId);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'desk@news.example.com',
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('subscribes no one when no e-mail is configured', () => {
    const plain = sharedStack('dev').template;
    expect(plain.findResources('AWS::SNS::Subscription')).toEqual({});
  });

  it.each([
    ['ingest 5xx at the API', '5xx', 'AWS/ApiGateway'],
    ["ingest 5xx, the handler's own count", METRIC.ingestServerErrors, namespace],
    ['ingest errors', 'Errors', 'AWS/Lambda'],
    ['ingest and publish throttles', 'Throttles', 'AWS/Lambda'],
    ['dead letters', 'ApproximateNumberOfMessagesVisible', 'AWS/SQS'],
    ['stream iterator age', 'IteratorAge', 'AWS/Lambda'],
    ['sweep failures', METRIC.sweepFailures, namespace],
    ['sweeps the scheduler could not deliver', 'TargetErrorCount', undefined],
    ['DynamoDB throttles', 'ThrottledRequests', undefined],
    ['DynamoDB system errors', 'SystemErrors', undefined],
    ['ingest-to-publish lag', METRIC.ingestToPublishLagMs, namespace],
  ])('alarms on %s, notifying the topic when it fires and clears', (_path, metric, ns) => {
    const alarm = alarmOn(metric, ns);
    expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
  });

  it.each(['ThrottledRequests', 'SystemErrors'])(
    'sums %s over every operation the code sends to the stories table, each FILLed with 0',
    (metric) => {
      const alarm = alarmOn(metric);
      const metrics = alarm.Metrics as Json[];
      const operations = metrics.flatMap((m) => {
        const stat = m.MetricStat as
          | { Metric: { Dimensions: Array<{ Name: string; Value: string }> } }
          | undefined;
        return stat
          ? stat.Metric.Dimensions.filter((d) => d.Name === 'Operation').map((d) => d.Value)
          : [];
      });
      // What lambdas/adapters/dynamodb sends to the stories table (the credentials table aside).
      expect(operations.sort()).toEqual(
        [
          'BatchGetItem',
          'BatchWriteItem',
          'GetItem',
          'PutItem',
          'Query',
          'TransactWriteItems',
        ].sort(),
      );
      const expression = String(metrics.find((m) => typeof m.Expression === 'string')?.Expression);
      expect(expression.match(/FILL\(/g)).toHaveLength(operations.length);
    },
  );

  it('alarms on errors and throttles of the ingest, authorizer and publish functions', () => {
    for (const fn of [stack.ingest, stack.authorizer.function, stack.publish]) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          alarms.some(
            (a) =>
              metricNamesOf(a).includes(metric) &&
              JSON.stringify(a.Dimensions ?? a.Metrics).includes(
                JSON.stringify({ Ref: logicalId(fn) }),
              ),
          ),
          `${metric} of ${fn.node.id}`,
        ).toBe(true);
      }
    }
  });

  it('gives every alarm an action on the topic', () => {
    expect(alarms.length).toBeGreaterThanOrEqual(15);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('matches the EMF metrics on the service dimension the code writes', () => {
    const own = alarmOn(METRIC.ingestServerErrors, namespace);
    expect(own.Dimensions).toEqual([{ Name: 'service', Value: 'dateline' }]);
    for (const fn of [stack.ingest, stack.publish]) {
      const env = propertiesOf(template, 'AWS::Lambda::Function', logicalId(fn)).Environment as {
        Variables: Json;
      };
      expect(env.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe(namespace);
    }
  });

  it('alarms on CloudFront 5xx only where its metrics are (us-east-1)', () => {
    expect(alarms.some((a) => a.MetricName === '5xxErrorRate')).toBe(false);
    const east = Template.fromStack(buildStack('dev', { env: { region: 'us-east-1' } }));
    east.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      AlarmActions: [{ Ref: Match.anyValue() }],
    });
  });

  it('has a dashboard of the same figures', () => {
    const dashboard = onlyResource(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const name of [
      METRIC.storiesIngested,
      METRIC.storiesRefused,
      METRIC.feedsRendered,
      METRIC.filesWritten,
      METRIC.casRetries,
      METRIC.renderMs,
      METRIC.ingestToPublishLagMs,
      'IteratorAge',
      'ApproximateNumberOfMessagesVisible',
      '5xx',
    ]) {
      expect(body).toContain(name);
    }
  });
});

describe('DatelineStack tracing and logs', () => {
  it('traces both functions with X-Ray', () => {
    for (const fn of [stack.ingest, stack.publish]) {
      expect(propertiesOf(template, 'AWS::Lambda::Function', logicalId(fn)).TracingConfig).toEqual({
        Mode: 'Active',
      });
    }
  });

  it('writes API access logs, without headers, to a log group with a retention', () => {
    const stage = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties.AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    expect(settings.DestinationArn).toEqual({
      'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'],
    });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(settings.Format.toLowerCase()).not.toContain('authorization');
    const logs = propertiesOf(template, 'AWS::Logs::LogGroup', logicalId(stack.api.accessLogs));
    expect(logs.RetentionInDays).toBe(30);
  });

  it('keeps every log group for a bounded time, including every function of the stack', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    for (const group of Object.values(groups)) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
    const named = JSON.stringify(Object.values(groups).map((g) => g.Properties.LogGroupName));
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      const own = (fn.Properties.LoggingConfig as { LogGroup?: { Ref: string } } | undefined)
        ?.LogGroup?.Ref;
      expect(
        own ? groups[own] !== undefined : named.includes(JSON.stringify({ Ref: id })),
        id,
      ).toBe(true);
    }
  });
});
