import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Clock, PartnerStore } from '../../core/ports.js';
import type { FeedItemChanges } from '../../core/use-cases/replaced-items.js';
import type { Log } from '../http/ingest-handler.js';
import { attemptDelivery } from './attempt-delivery.js';
import { type PushMessage, parsePushMessage } from './push-messages.js';
import { type Delivery, newDelivery, notificationOf, partnersOf } from './push-notification.js';
import { nextStep, RETRY_SCHEDULE, type RetrySchedule } from './retry-schedule.js';

export interface PushSenderDeps {
  readonly partners: PartnerStore;
  readonly clock: Clock;
  readonly sqs: SQSClient;
  /** The push queue (an SQS standard queue) this function consumes. */
  readonly queueUrl: string;
  /** Where a delivery goes once its retry period is over; an alarm watches its depth. */
  readonly parkedQueueUrl: string;
  readonly feedBaseUrl: string;
  readonly log: Log;
  readonly schedule?: RetrySchedule;
  readonly timeoutMs?: number;
}

/** SQS allows a message to stay invisible for at most 12 hours at a time. */
const MAX_VISIBILITY_S = 43_200;
const BATCH = 10;

/**
 * The push sender Lambda. A `change` message is fanned out into one `delivery` message per
 * partner of the feed. A delivery is attempted; after a failure its visibility is set to the
 * schedule's next delay (ChangeMessageVisibility) and it is reported as a batch item failure,
 * so SQS hands it back then (its receive count is the number of attempts). Once
 * `giveUpAfterMs` has passed since the first attempt it is sent to the parked queue (an alarm on
 * its depth) and recorded on the partner. A partner removed meanwhile gets nothing more.
 */
export function createPushSenderHandler(deps: PushSenderDeps) {
  const schedule = deps.schedule ?? RETRY_SCHEDULE;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes = await Promise.allSettled(
      event.Records.map((record) => handle(deps, schedule, record)),
    );
    const failures: string[] = [];
    outcomes.forEach((outcome, i) => {
      const record = event.Records[i] as SQSRecord;
      if (outcome.status === 'fulfilled' && outcome.value) return;
      if (outcome.status === 'rejected') {
        deps.log.error('push message failed', {
          messageId: record.messageId,
          error: outcome.reason,
        });
      }
      failures.push(record.messageId);
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** True when the message is done with (delete it); false to have SQS hand it back later. */
async function handle(
  deps: PushSenderDeps,
  schedule: RetrySchedule,
  record: SQSRecord,
): Promise<boolean> {
  const message = parsePushMessage(record.body);
  if (message.kind === 'change') {
    await fanOut(deps, message.change);
    return true;
  }
  const { delivery } = message;
  const outcome = await attemptDelivery(deps, delivery);
  if (outcome === 'delivered' || outcome === 'gone') return true;
  const failed = Number(record.attributes.ApproximateReceiveCount) || 1;
  const now = deps.clock.now().getTime();
  const step = nextStep({ failed, firstAttemptAt: delivery.firstAttemptAt, now }, schedule);
  if (step === 'park') {
    await park(deps, delivery, { attempts: failed, error: outcome.error });
    return true;
  }
  await deps.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: deps.queueUrl,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: Math.min(Math.ceil(step.retryInMs / 1000), MAX_VISIBILITY_S),
    }),
  );
  return false;
}

async function fanOut(deps: PushSenderDeps, change: FeedItemChanges): Promise<void> {
  const partners = partnersOf(await deps.partners.list(), change);
  const notification = notificationOf(change, deps.feedBaseUrl);
  const now = deps.clock.now().getTime();
  const messages: PushMessage[] = partners.map((partner) => ({
    kind: 'delivery',
    delivery: newDelivery(partner.name, notification, now),
  }));
  for (let i = 0; i < messages.length; i += BATCH) {
    const output = await deps.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: deps.queueUrl,
        Entries: messages.slice(i, i + BATCH).map((message, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(message),
        })),
      }),
    );
    if ((output.Failed ?? []).length > 0) {
      throw new Error(`SQS refused ${output.Failed?.length} delivery message(s)`);
    }
  }
}

async function park(
  deps: PushSenderDeps,
  delivery: Delivery,
  failure: { attempts: number; error: string },
): Promise<void> {
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.parkedQueueUrl,
      MessageBody: JSON.stringify({ delivery, ...failure }),
    }),
  );
  const at = deps.clock.now().toISOString();
  await deps.partners.recordDelivery(delivery.partner, {
    kind: 'parked',
    at,
    error: failure.error,
  });
  deps.log.error('partner notification parked', {
    partner: delivery.partner,
    delivery: delivery.id,
    attempts: failure.attempts,
    reason: failure.error,
  });
}
