import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface InitialRenderProps {
  /**
   * The function version to invoke, e.g. `fn.currentVersion`: a new version on every change of
   * code or configuration is what makes the render run again.
   */
  readonly handler: IFunction;
  /** The JSON event the handler receives. */
  readonly event: Readonly<Record<string, unknown>>;
  /** Of the custom resource's log group. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * Renders every feed and the directory during a deploy that created or changed the publisher.
 * It invokes asynchronously: the deploy does not wait for the render, and Lambda retries a
 * failed render twice (which also covers IAM propagation right after a first deploy); a render
 * that still fails shows in the publisher's error alarm.
 *
 * Not `triggers.Trigger`: that one cannot pass an event (it invokes with none).
 */
export class InitialRender extends Construct {
  constructor(scope: Construct, id: string, props: InitialRenderProps) {
    super(scope, id);
    new AwsCustomResource(this, 'Invoke', {
      onUpdate: {
        service: 'Lambda',
        action: 'invoke',
        parameters: {
          FunctionName: props.handler.functionArn,
          InvocationType: 'Event',
          Payload: JSON.stringify(props.event),
        },
        physicalResourceId: PhysicalResourceId.of('initial-render'),
      },
      // Not `fromSdkCalls`: it would name the action `lambda:Invoke`, which IAM does not know.
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: props.handler.resourceArnsForGrantInvoke,
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'Logs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      }),
    });
  }
}
