import { CfnResource, Fn, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * The singleton provider functions CDK adds: for `autoDeleteObjects` (a dev stage's buckets) and
 * for S3 event notifications (the audience log bucket starting the log processor), each with
 * where its function is and the custom resources that invoke it.
 */
const PROVIDERS = [
  {
    id: 'Custom::S3AutoDeleteObjectsCustomResourceProvider',
    child: 'Handler',
    invokedBy: 'Custom::S3AutoDeleteObjects',
    logsId: 'AutoDeleteObjectsLogs',
    // Only a dev stage has it, and dev destroys everything.
    removal: undefined,
  },
  {
    id: 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    child: 'Resource',
    invokedBy: 'Custom::S3BucketNotifications',
    logsId: 'BucketNotificationsLogs',
    removal: 'stage',
  },
] as const;

/**
 * CDK's provider functions have no log group of their own, so Lambda would create one that
 * keeps logs forever. This gives each one, with a retention, named as Lambda names it, and
 * created before anything can invoke the function; kept with the stage's other logs (the
 * notification provider is in every stage).
 */
export function retainProviderLogs(
  stack: Stack,
  stageRemoval: RemovalPolicy = RemovalPolicy.DESTROY,
): void {
  for (const provider of PROVIDERS) {
    const handler = stack.node.tryFindChild(provider.id)?.node.tryFindChild(provider.child);
    if (!(handler instanceof CfnResource)) continue;
    const logs = new LogGroup(stack, provider.logsId, {
      logGroupName: Fn.join('', ['/aws/lambda/', handler.ref]),
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: provider.removal === 'stage' ? stageRemoval : RemovalPolicy.DESTROY,
    });
    for (const resource of stack.node.findAll()) {
      if (resource instanceof CfnResource && resource.cfnResourceType === provider.invokedBy) {
        resource.node.addDependency(logs);
      }
    }
  }
}
