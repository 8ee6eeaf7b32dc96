import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PartnerNotifier } from './partner-notifier.js';
import type { PushMessage } from './push-messages.js';

/**
 * The render function's side on AWS: one message per changed feed on the push queue (an SQS
 * standard queue); the push sender function finds the feed's partners and delivers. The render
 * function needs no access to partners or their secrets, only `sqs:SendMessage` there.
 */
export function createSqsPartnerNotifier(options: {
  readonly client: SQSClient;
  readonly queueUrl: string;
}): PartnerNotifier {
  return async (change) => {
    const message: PushMessage = { kind: 'change', change };
    await options.client.send(
      new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  };
}
