import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageSettings } from '../../lib/stage-settings.js';
import { buildStack, cdkJsonContext } from './stack-fixture.js';
import { logicalId } from './template-helpers.js';

const RESTORED = {
  name: 'dateline-restored',
  streamArn:
    'arn:aws:dynamodb:ca-central-1:123456789012:table/dateline-restored/stream/2026-12-06T04:00:00.000',
};
const TABLE_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':dynamodb:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':table/dateline-restored',
    ],
  ],
};

describe('a stack pointed at an existing (restored) table', () => {
  const stack = buildStack('prod', { storiesTable: RESTORED, alarmEmail: 'none' });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as { Resources: Record<string, Record<string, unknown>> };

  it("creates no stories table of its own (the credentials and audience tables stay the stack's)", () => {
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table')).sort()).toEqual(
      [
        logicalId(stack.credentials),
        logicalId(stack.audience.statsTable),
        logicalId(stack.audience.keysTable),
      ].sort(),
    );
  });

  it("gives every function that table's name and reads its stream", () => {
    for (const fn of [stack.ingest, stack.publish, stack.render]) {
      const props = json.Resources[logicalId(fn)]?.Properties as
        | { Environment: { Variables: Record<string, unknown> } }
        | undefined;
      const env = props?.Environment.Variables ?? {};
      expect(env.STORIES_TABLE_NAME).toBe('dateline-restored');
    }
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: RESTORED.streamArn,
      FunctionName: { Ref: logicalId(stack.publish) },
    });
  });

  it('grants on that table what it grants on its own, partition keys included', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>,
    );
    const onTable = statements.filter(
      (s) => JSON.stringify(s.Resource) === JSON.stringify(TABLE_ARN),
    );
    expect(onTable.map((s) => s.Condition)).toContainEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['story#*', 'feed#*', 'tomb#*', 'due'] },
    });
    expect(onTable.map((s) => s.Condition)).toContainEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['archhead#*', 'arch#*'] },
    });
    expect(onTable.length).toBeGreaterThanOrEqual(5);
    template.hasOutput('StoriesTableName', { Value: 'dateline-restored' });
  });
});

describe('stageSettings storiesTable', () => {
  const contextOf = (values: Record<string, unknown>) => (key: string) =>
    ({ dateline: cdkJsonContext().dateline, ...values })[key];

  it("reads a stage's storiesTable", () => {
    const settings = stageSettings(contextOf({ stages: { dev: { storiesTable: RESTORED } } }));
    expect(settings.storiesTable).toEqual(RESTORED);
  });

  it('refuses a stream of another table, in one line naming the key', () => {
    const other = { ...RESTORED, name: 'dateline-other' };
    expect(() => stageSettings(contextOf({ stages: { dev: { storiesTable: other } } }))).toThrow(
      /^context "stages.dev" is invalid: storiesTable.streamArn: must be the stream of/,
    );
  });
});
