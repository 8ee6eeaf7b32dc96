import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { sharedStack } from './stack-fixture.js';
import { actionsOf, logicalId, propertiesOf, statementsOfRole } from './template-helpers.js';

type Json = Record<string, unknown>;

const { stack, template } = sharedStack('dev');
const push = stack.partnerPush;
const ids = {
  queue: logicalId(push.queue),
  parked: logicalId(push.parkedQueue),
  sender: logicalId(push.sender),
  credentials: logicalId(stack.credentials),
};
const roleId = (fn: LambdaFunction) => logicalId(fn.role as LambdaFunction['role'] & object);
const envOf = (fn: LambdaFunction): Json =>
  (
    propertiesOf(template, 'AWS::Lambda::Function', logicalId(fn)).Environment as {
      Variables: Json;
    }
  ).Variables;

describe('partner push (issue 22)', () => {
  it('keeps notifications on a standard queue longer than a day of retries, then dead-letters them', () => {
    const queue = propertiesOf(template, 'AWS::SQS::Queue', ids.queue);
    expect(queue.FifoQueue).toBeUndefined();
    expect(queue.MessageRetentionPeriod).toBe(2 * 86_400);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [ids.parked, 'Arn'] },
      maxReceiveCount: 60,
    });
    expect(queue.SqsManagedSseEnabled).toBe(true);
  });

  it('feeds the sender from the queue, reporting each failed message on its own', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ids.sender },
      EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const sender = propertiesOf(template, 'AWS::Lambda::Function', ids.sender);
    expect(sender).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(sender.LoggingConfig).toMatchObject({
      LogGroup: { Ref: logicalId(push.sender.logGroup) },
    });
    expect(envOf(push.sender)).toMatchObject({
      PUSH_QUEUE_URL: { Ref: ids.queue },
      PUSH_PARKED_QUEUE_URL: { Ref: ids.parked },
      CREDENTIALS_TABLE_NAME: { Ref: ids.credentials },
    });
  });

  it('lets the sender read partners and record deliveries only in their partition, and use its two queues', () => {
    const statements = statementsOfRole(template, roleId(push.sender)).filter(
      (s) => !actionsOf(s).some((a) => a.startsWith('xray:') || a.startsWith('logs:')),
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        Resource: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
      }),
      expect.objectContaining({
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: { 'Fn::GetAtt': [ids.parked, 'Arn'] },
      }),
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': [ids.credentials, 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['partner'] } },
      }),
    ]);
  });

  it('lets the render function only queue changes: no partner, no secret', () => {
    const render = statementsOfRole(template, roleId(stack.render));
    const onQueue = render.filter((s) => JSON.stringify(s.Resource).includes(ids.queue));
    expect(onQueue.flatMap(actionsOf).sort()).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    expect(JSON.stringify(render)).not.toContain(ids.credentials);
    expect(envOf(stack.render).PUSH_QUEUE_URL).toEqual({ Ref: ids.queue });
    expect(envOf(stack.publish).PUSH_QUEUE_URL).toBeUndefined();
  });

  it('raises an alarm on the stack topic as soon as a notification is parked', () => {
    const [parked] = push.alarms;
    const alarm = propertiesOf(template, 'AWS::CloudWatch::Alarm', logicalId(parked as never));
    expect(alarm).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.parked, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: logicalId(stack.monitoring.topic) }],
    });
  });
});
