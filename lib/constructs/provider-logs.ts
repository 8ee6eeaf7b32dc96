import { CfnResource, Fn, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The singleton provider CDK adds for `autoDeleteObjects` (a dev stage's bucket). */
const AUTO_DELETE_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';

/**
 * CDK's auto-delete provider function has no log group of its own, so Lambda would create one
 * that keeps logs forever. This gives it one, with a retention, named as Lambda names it, and
 * created before anything can invoke the function.
 */
export function retainProviderLogs(stack: Stack): void {
  const provider = stack.node.tryFindChild(AUTO_DELETE_PROVIDER);
  const handler = provider?.node.tryFindChild('Handler');
  if (!(handler instanceof CfnResource)) return;
  const logs = new LogGroup(stack, 'AutoDeleteObjectsLogs', {
    logGroupName: Fn.join('', ['/aws/lambda/', handler.ref]),
    retention: RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  for (const resource of stack.node.findAll()) {
    if (
      resource instanceof CfnResource &&
      resource.cfnResourceType === 'Custom::S3AutoDeleteObjects'
    ) {
      resource.node.addDependency(logs);
    }
  }
}
