import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addDatelineStacks } from '../../lib/dateline-app.js';
import { parseSiteContext } from '../../lib/site-context.js';
import type { StageSettings } from '../../lib/stage-settings.js';
import { cdkJsonContext } from './stack-fixture.js';
import { logicalId } from './template-helpers.js';

const EMAIL = 'desk@news.example.com';

function stacksIn(env: StageSettings['env'], defaults = {}) {
  const context = cdkJsonContext();
  const app = new App({
    context: { ...context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const settings: StageSettings = {
    stage: 'dev',
    site: parseSiteContext(context.dateline),
    env,
    alarmEmail: EMAIL,
  };
  return addDatelineStacks(app, settings, defaults);
}

const cdnAlarms = (template: Template) =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
    (a) => a.Properties.Namespace === 'AWS/CloudFront',
  );

describe('the CloudFront 5xx alarm in any deployment region', () => {
  const { main, cdnAlarm } = stacksIn({ account: '123456789012', region: 'ca-central-1' });

  it('puts it, for a stack in ca-central-1, in a stack of its own in us-east-1', () => {
    expect(cdnAlarm).toBeDefined();
    const stack = cdnAlarm as NonNullable<typeof cdnAlarm>;
    expect(Stack.of(stack).region).toBe('us-east-1');
    expect(Stack.of(stack).account).toBe('123456789012');
    const template = Template.fromStack(stack);
    // Found by synth from the reference: the main stack deploys first.
    expect(stack.dependencies).toContain(main);
    const topic = logicalId(stack.cdn.topic);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Threshold: 5,
      Dimensions: Match.arrayWith([
        {
          Name: 'DistributionId',
          Value: {
            'Fn::GetStackOutput': Match.objectLike({
              StackName: main.stackName,
              Region: 'ca-central-1',
            }),
          },
        },
        { Name: 'Region', Value: 'Global' },
      ]),
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
    // Alarm actions must be in the alarm's region: its own topic, the main topic's subscriber.
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: EMAIL,
      TopicArn: { Ref: topic },
    });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topic } });
    expect(cdnAlarms(Template.fromStack(main))).toEqual([]);
  });

  it('feeds it the distribution that the main stack exports', () => {
    const outputs = Template.fromStack(main).toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.values(outputs).map((o) => o.Value)).toContainEqual({
      Ref: logicalId(main.feeds.distribution),
    });
  });

  it('keeps it in the main stack in us-east-1, with no second stack', () => {
    const east = stacksIn({ region: 'us-east-1' });
    expect(east.cdnAlarm).toBeUndefined();
    expect(cdnAlarms(Template.fromStack(east.main))).toHaveLength(1);
  });

  it("takes the CLI profile's region when the stage names none", () => {
    const profiled = stacksIn(undefined, { account: '123456789012', region: 'eu-west-1' });
    expect(Stack.of(profiled.main).region).toBe('eu-west-1');
    expect(profiled.cdnAlarm).toBeDefined();
  });

  it('says so at synth when no region is known at all (no alarm can be placed)', () => {
    const unknown = stacksIn(undefined);
    expect(unknown.cdnAlarm).toBeUndefined();
    Annotations.fromStack(unknown.main).hasWarning(
      '*',
      Match.stringLikeRegexp('no CloudFront 5xx alarm'),
    );
  });
});
