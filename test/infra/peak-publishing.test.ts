import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../lambdas/adapters/observability/metric-names.js';
import { LOG_METRIC } from '../../lib/constructs/dateline-metrics.js';
import { ROUTE_THROTTLES } from '../../lib/constructs/route-throttling.js';
import { buildStack, sharedStack } from './stack-fixture.js';
import { logicalId, onlyResource, propertiesOf } from './template-helpers.js';

type Json = Record<string, unknown>;

const { stack, template } = sharedStack('dev');
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const alarm = (construct: { node: { defaultChild?: unknown } } | undefined): Json => {
  if (!construct) throw new Error('no such alarm');
  const id = logicalId(construct as Parameters<typeof logicalId>[0]);
  return (alarms[id] as { Properties: Json }).Properties;
};
const expressions = (a: Json) =>
  ((a.Metrics as Json[] | undefined) ?? []).flatMap((m) =>
    typeof m.Expression === 'string' ? [m.Expression] : [],
  );
const metricOf = (a: Json, id: string): Json => {
  const found = (a.Metrics as Json[]).find((m) => m.Id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return (found.MetricStat as { Metric: Json }).Metric;
};
const PEAK_STORIES_PER_SECOND = 50;

describe('publishing by feed (issue 20)', () => {
  it('feeds the render function from a FIFO queue, one message group per feed', () => {
    const queue = propertiesOf(template, 'AWS::SQS::Queue', logicalId(stack.feedQueue.queue));
    expect(queue).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      DelaySeconds: 1,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.render) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const dlq = propertiesOf(
      template,
      'AWS::SQS::Queue',
      logicalId(stack.feedQueue.deadLetterQueue),
    );
    expect(dlq.FifoQueue).toBe(true);
  });

  it('tells the publisher the queue and a window equal to the delivery delay', () => {
    const env = (
      propertiesOf(template, 'AWS::Lambda::Function', logicalId(stack.publish)).Environment as {
        Variables: Json;
      }
    ).Variables;
    expect(env.FEED_QUEUE_URL).toEqual({ Ref: logicalId(stack.feedQueue.queue) });
    expect(env.FEED_QUEUE_WINDOW_MS).toBe('1000');
  });

  it('sizes the stage and the story route for twice the peak, and batches for bursts', () => {
    const stage = onlyResource(template, 'AWS::ApiGatewayV2::Stage').Properties as {
      DefaultRouteSettings: { ThrottlingRateLimit: number };
    };
    expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThanOrEqual(
      2 * PEAK_STORIES_PER_SECOND,
    );
    expect(ROUTE_THROTTLES.createStory?.rateLimit).toBeGreaterThanOrEqual(
      2 * PEAK_STORIES_PER_SECOND,
    );
    expect((ROUTE_THROTTLES.createStoryBatch?.rateLimit ?? 0) * 100).toBeGreaterThan(
      10 * PEAK_STORIES_PER_SECOND,
    );
  });
});

describe('alarms that mean something (issue 20)', () => {
  const a = stack.monitoring.alarms;

  it('counts 429s from the access log and alarms on them', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(stack.api.accessLogs) },
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [{ MetricName: LOG_METRIC.api429, MetricValue: '1' }],
    });
    expect(alarm(a.ApiThrottled).MetricName).toBe(LOG_METRIC.api429);
  });

  it('pages on authorizer errors that are not refused tokens, with both FILLed', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "request refused" }',
      MetricTransformations: [{ MetricName: LOG_METRIC.tokensRefused, MetricValue: '1' }],
    });
    const authorizer = alarm(a.AuthorizerErrors);
    expect(expressions(authorizer)).toContain('FILL(errors, 0) - FILL(refused, 0)');
    expect(metricOf(authorizer, 'refused').MetricName).toBe(LOG_METRIC.tokensRefused);
  });

  it('FILLs every term of a sum of metrics that exist only on failure', () => {
    for (const name of ['SweepNotDelivered', 'TableThrottles', 'TableSystemErrors']) {
      const [expression] = expressions(alarm(a[name]));
      const terms = (expression ?? '').split(/\s*[+-]\s*/);
      expect(terms.length, name).toBeGreaterThan(1);
      for (const term of terms) expect(term, name).toMatch(/^FILL\(\w+, 0\)$/);
    }
  });

  it('warns when a publish or a render nears its timeout', () => {
    expect(alarm(a.PublishNearTimeout)).toMatchObject({
      MetricName: 'Duration',
      Statistic: 'Maximum',
      Threshold: 48_000,
    });
    expect(alarm(a.RenderNearTimeout).Threshold).toBe(24_000);
  });

  it("watches the per-feed queue's age, depth and dead letters", () => {
    expect(alarm(a.FeedQueueAge)).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 60,
    });
    expect(alarm(a.FeedQueueDepth).MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(JSON.stringify(alarm(a.FeedDeadLetters).Dimensions)).toContain(
      logicalId(stack.feedQueue.deadLetterQueue),
    );
  });

  it('fires a heartbeat alarm when no minute sweep completes', () => {
    expect(alarm(a.SweepHeartbeat)).toMatchObject({
      MetricName: METRIC.sweepsCompleted,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      Period: 300,
    });
  });

  it('subscribes no one when the alarm e-mail is "none"', () => {
    const none = Template.fromStack(buildStack('prod', { alarmEmail: 'none' }));
    expect(none.findResources('AWS::SNS::Subscription')).toEqual({});
  });
});
