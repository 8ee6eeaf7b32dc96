import { Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/**
 * The SNS topic alarms notify (`AlarmTopic` in `scope`): TLS only, with the operator's email
 * subscribed unless `alarmEmail` is missing or `'none'`. Not encrypted, which cdk-nag is told why.
 */
export function alarmTopic(
  scope: Construct,
  displayName: string,
  alarmEmail: string | undefined,
): Topic {
  const topic = new Topic(scope, 'AlarmTopic', { displayName, enforceSSL: true });
  Validations.of(topic).acknowledge({
    id: 'AwsSolutions-SNS2',
    reason:
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key, and ' +
      'alarm notifications carry only alarm names and states, never stories or credentials',
  });
  if (alarmEmail && alarmEmail !== 'none') topic.addSubscription(new EmailSubscription(alarmEmail));
  return topic;
}
