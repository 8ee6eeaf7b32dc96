import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyNotification } from '../../../examples/partner-receiver/verify.mjs';
import { DynamoDbPartnerStore } from '../../../lambdas/adapters/dynamodb/dynamodb-partner-store.js';
import type { PushMessage } from '../../../lambdas/adapters/push/push-messages.js';
import { newDelivery, notificationOf } from '../../../lambdas/adapters/push/push-notification.js';
import { createPushSenderHandler } from '../../../lambdas/adapters/push/push-sender-handler.js';
import type { FeedItemChanges } from '../../../lambdas/core/use-cases/replaced-items.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';
import { type PushReceiver, startPushReceiver } from '../support/push-receiver.js';

// There is no SQS emulator on these machines: the SQS client is mocked (what the handler sends
// is asserted); partners live in DynamoDB Local and deliveries go over real HTTP.
const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.local/push';
const PARKED = 'https://sqs.local/push-parked';
const DAY = 86_400_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let stores: TestStores;
let partners: DynamoDbPartnerStore;
let up: PushReceiver;
let down: PushReceiver;
beforeAll(async () => {
  stores = await createTestStores();
  partners = new DynamoDbPartnerStore({ client: stores.documents, tableName: stores.tableName });
  up = await startPushReceiver();
  down = await startPushReceiver();
  down.answer(() => 500);
  const createdAt = '2026-12-06T00:00:00.000Z';
  await partners.create({
    name: 'up',
    endpoint: up.url,
    feeds: ['okanagan/wire'],
    createdAt,
    secret: 's'.repeat(43),
  });
  await partners.create({
    name: 'down',
    endpoint: down.url,
    feeds: ['okanagan/wire'],
    createdAt,
    secret: 'd'.repeat(43),
  });
  await partners.create({
    name: 'elsewhere',
    endpoint: up.url,
    feeds: ['shuswap/wire'],
    createdAt,
    secret: 'e'.repeat(43),
  });
});
afterAll(async () => {
  await Promise.all([up?.close(), down?.close()]);
  await stores?.drop();
});
beforeEach(() => {
  sqs.reset();
  sqs.onAnyCommand().resolves({});
});

const handler = () =>
  createPushSenderHandler({
    partners,
    clock: { now: () => new Date() },
    sqs: new SQSClient({ region: 'local' }),
    queueUrl: QUEUE,
    parkedQueueUrl: PARKED,
    feedBaseUrl: 'https://feeds.example.com',
    log: silent,
  });

const change: FeedItemChanges = {
  feed: { region: 'okanagan', channel: 'wire' },
  items: [
    { id: 'tag:news.example.com,2026-01-01:story/w1', storyId: 'w1', outcome: 'new', version: 1 },
  ],
};

function record(message: PushMessage, receiveCount = 1): SQSRecord {
  return {
    messageId: `m-${Math.random()}`,
    receiptHandle: 'receipt-1',
    body: JSON.stringify(message),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  } as unknown as SQSRecord;
}

const deliveryTo = (partner: string, firstAttemptAt = Date.now()): PushMessage => ({
  kind: 'delivery',
  delivery: newDelivery(
    partner,
    notificationOf(change, 'https://feeds.example.com'),
    firstAttemptAt,
  ),
});

describe('createPushSenderHandler', () => {
  it('fans a change out into one delivery message per partner of the feed', async () => {
    const result = await handler()({ Records: [record({ kind: 'change', change })] });

    expect(result.batchItemFailures).toEqual([]);
    const batches = sqs.commandCalls(SendMessageBatchCommand);
    expect(batches).toHaveLength(1);
    const entries = batches[0]?.args[0].input.Entries ?? [];
    const messages = entries.map((e) => JSON.parse(e.MessageBody ?? '') as PushMessage);
    expect(messages.map((m) => m.kind === 'delivery' && m.delivery.partner).sort()).toEqual([
      'down',
      'up',
    ]);
    expect(batches[0]?.args[0].input.QueueUrl).toBe(QUEUE);
  });

  it('delivers a signed notification and deletes the message', async () => {
    const before = up.received.length;
    const message = deliveryTo('up');

    const result = await handler()({ Records: [record(message)] });

    expect(result.batchItemFailures).toEqual([]);
    const push = up.received[before];
    expect(
      push &&
        verifyNotification({ secret: 's'.repeat(43), headers: push.headers, body: push.body }),
    ).toEqual({ ok: true });
    expect(push?.headers['dateline-delivery']).toBe(
      message.kind === 'delivery' && message.delivery.id,
    );
    expect((await partners.get('up'))?.lastDeliveredAt).toBeDefined();
  });

  it('hides a failed delivery for the next pause of the schedule and hands it back to SQS', async () => {
    const failed = record(deliveryTo('down'), 3);

    const result = await handler()({ Records: [failed] });

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: failed.messageId }]);
    const calls = sqs.commandCalls(ChangeMessageVisibilityCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'receipt-1', VisibilityTimeout: 40 },
    ]);
    expect((await partners.get('down'))?.lastError).toBe('endpoint answered HTTP 500');
  });

  it('parks a delivery still failing after 24 hours, and records it on the partner', async () => {
    const message = record(deliveryTo('down', Date.now() - DAY - 1), 33);

    const result = await handler()({ Records: [message] });

    expect(result.batchItemFailures).toEqual([]);
    const parked = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(parked).toHaveLength(1);
    expect(parked[0]?.QueueUrl).toBe(PARKED);
    expect(JSON.parse(parked[0]?.MessageBody ?? '')).toMatchObject({
      attempts: 33,
      error: 'endpoint answered HTTP 500',
      delivery: { partner: 'down' },
    });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    expect((await partners.get('down'))?.parked).toBe(1);
  });

  it('drops a delivery to a partner removed meanwhile, sending nothing', async () => {
    const before = up.received.length;

    const result = await handler()({ Records: [record(deliveryTo('gone-partner'))] });

    expect(result.batchItemFailures).toEqual([]);
    expect(up.received).toHaveLength(before);
  });

  it('reports an unreadable message as failed (it dead-letters after its receives)', async () => {
    const poison = { ...record(deliveryTo('up')), body: '{"kind":"other"}' };

    const result = await handler()({ Records: [poison] });

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
  });
});
