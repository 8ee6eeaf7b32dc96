import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { feedMessages, SqsFeedQueue } from '../../../../lambdas/adapters/queue/sqs-feed-queue.js';
import type { FeedRef } from '../../../../lambdas/core/story/story.js';

const wire = (region: string): FeedRef => ({ region, channel: 'wire' });
const at = (iso: string) => new Date(iso);

describe('feedMessages', () => {
  it('gives each feed its own message group and one message per distinct feed', () => {
    const entries = feedMessages(
      [wire('okanagan'), { region: 'okanagan', channel: 'local' }, wire('okanagan')],
      at('2026-12-06T01:00:00.200Z'),
    );
    expect(entries.map((e) => e.MessageGroupId)).toEqual(['okanagan#wire', 'okanagan#local']);
    expect(JSON.parse(entries[0]?.MessageBody ?? '')).toEqual(wire('okanagan'));
  });

  it('deduplicates a feed within one window and not across windows', () => {
    const id = (iso: string) =>
      feedMessages([wire('shuswap')], at(iso), 1000)[0]?.MessageDeduplicationId;
    expect(id('2026-12-06T01:00:00.000Z')).toBe(id('2026-12-06T01:00:00.999Z'));
    expect(id('2026-12-06T01:00:00.999Z')).not.toBe(id('2026-12-06T01:00:01.000Z'));
  });
});

describe('SqsFeedQueue', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => sqs.reset());
  afterAll(() => sqs.restore());
  const queue = () =>
    new SqsFeedQueue({
      client: new SQSClient({ region: 'us-east-1' }),
      queueUrl: 'https://sqs.example/feeds.fifo',
      clock: { now: () => at('2026-12-06T01:00:00Z') },
    });

  it('sends 150 feeds in batches of ten with ids unique in each batch', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue().enqueue(Array.from({ length: 150 }, (_, i) => wire(`region-${i}`)));
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(15);
    for (const call of calls) {
      const ids = call.args[0].input.Entries?.map((e) => e.Id) ?? [];
      expect(new Set(ids).size).toBe(10);
    }
  });

  // A partial refusal is what no local part can produce: the stream batch must fail and retry.
  it('throws when SQS refuses a message, so the stream batch is retried', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
    });
    await expect(queue().enqueue([wire('okanagan')])).rejects.toThrow(/InternalError/);
  });
});
