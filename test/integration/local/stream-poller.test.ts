import {
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue as WriteValue,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InternalServerError,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStreamPoller,
  type StreamPoller,
  type StreamPollerOptions,
} from '../../../lambdas/local/stream-poller.js';
import {
  createTestTable,
  sharedDynamoDbEndpoint,
  TEST_REGION,
  type TestTable,
} from '../support/dynamodb.js';

const credentials = { accessKeyId: 'dateline', secretAccessKey: 'dateline' };
let table: TestTable;
let streams: DynamoDBStreamsClient;
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  table = await createTestTable();
  streams = new DynamoDBStreamsClient({
    region: TEST_REGION,
    endpoint: await sharedDynamoDbEndpoint(),
    credentials,
  });
});
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});
afterAll(async () => {
  streams.destroy();
  await table.drop();
});

async function startPoller(
  options: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'handler'>,
): Promise<StreamPoller> {
  const poller = createStreamPoller({
    streams,
    streamArn: table.streamArn,
    intervalMs: 20,
    retryDelayMs: 10,
    ...options,
  });
  pollers.push(poller);
  await poller.start();
  return poller;
}

function recorder() {
  const events: DynamoDBStreamEvent[] = [];
  return {
    events,
    records: (): DynamoDBRecord[] => events.flatMap((event) => event.Records),
    handler: async (event: DynamoDBStreamEvent) => {
      events.push(event);
    },
  };
}

const key = (id: string) => ({ pk: { S: id }, sk: { S: 'story' } });
const put = (id: string, extra: Record<string, WriteValue> = {}) =>
  table.client.send(
    new PutItemCommand({ TableName: table.tableName, Item: { ...key(id), ...extra } }),
  );
const pks = (records: DynamoDBRecord[]) => records.map((r) => r.dynamodb?.Keys?.pk?.S);

describe('createStreamPoller against DynamoDB Local', () => {
  it('delivers INSERT, MODIFY and REMOVE as a Lambda DynamoDBStreamEvent', async () => {
    const { records, handler } = recorder();
    const poller = await startPoller({ handler });
    const before = Date.now();

    await put('story#1', {
      headline: { S: 'Vintners meet in Penticton' },
      version: { N: '1' },
      thumb: { B: new Uint8Array([0xca, 0xfe]) },
      tags: { SS: ['wine', 'business'] },
      byline: { L: [{ M: { name: { S: 'Ana Sol' } } }] },
    });
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: key('story#1'),
        UpdateExpression: 'SET headline = :h, version = :v',
        ExpressionAttributeValues: { ':h': { S: 'Vintners agree' }, ':v': { N: '2' } },
      }),
    );
    await table.client.send(
      new DeleteItemCommand({ TableName: table.tableName, Key: key('story#1') }),
    );
    await poller.settled();
    const after = Date.now();

    const [insert, modify, remove] = records();
    expect(records().map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    for (const record of records()) {
      expect(record).toMatchObject({
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        eventSourceARN: table.streamArn,
        dynamodb: { Keys: key('story#1'), StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
      expect(record.eventID).toEqual(expect.any(String));
      expect(record.awsRegion).toEqual(expect.any(String));
      expect(record.dynamodb?.SizeBytes).toBeGreaterThan(0);
      // Epoch seconds, as Lambda delivers them; DynamoDB Local rounds down to the minute.
      const created = record.dynamodb?.ApproximateCreationDateTime as number;
      expect(Number.isInteger(created)).toBe(true);
      expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) - 60);
      expect(created).toBeLessThanOrEqual(Math.ceil(after / 1000));
    }
    expect(insert?.dynamodb?.NewImage).toEqual({
      ...key('story#1'),
      headline: { S: 'Vintners meet in Penticton' },
      version: { N: '1' },
      thumb: { B: Buffer.from([0xca, 0xfe]).toString('base64') },
      tags: { SS: expect.arrayContaining(['wine', 'business']) }, // a set: no order
      byline: { L: [{ M: { name: { S: 'Ana Sol' } } }] },
    });
    expect(insert?.dynamodb?.OldImage).toBeUndefined();
    expect(modify?.dynamodb?.OldImage?.headline).toEqual({ S: 'Vintners meet in Penticton' });
    expect(modify?.dynamodb?.NewImage?.headline).toEqual({ S: 'Vintners agree' });
    expect(remove?.dynamodb?.OldImage?.version).toEqual({ N: '2' });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    const sequence = records().map((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0'));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('starts at the tip of the stream, as a LATEST event source mapping does', async () => {
    await put('before-start');
    const { records, handler } = recorder();
    const poller = await startPoller({ handler });

    await put('after-start');
    await poller.settled();

    expect(pks(records())).toEqual(['after-start']);
  });

  it('delivers only the records its filter passes, and invokes nothing for a batch it empties', async () => {
    const { events, records, handler } = recorder();
    const poller = await startPoller({
      handler,
      filter: (record) => record.dynamodb?.Keys?.pk?.S?.startsWith('kept-') ?? false,
    });

    await put('dropped-1');
    await poller.settled();
    expect(events).toEqual([]);
    await put('kept-1');
    await put('dropped-2');
    await poller.settled();

    expect(pks(records())).toEqual(['kept-1']);
  });

  it('reads past the records its filter drops to fill a batch, as Lambda counts them', async () => {
    const { events, records, handler } = recorder();
    const limits: Array<number | undefined> = [];
    const send = streams.send.bind(streams) as (command: unknown) => Promise<unknown>;
    const counting = Object.create(streams) as typeof streams;
    counting.send = ((command: { input: { Limit?: number }; constructor: { name: string } }) => {
      if (command.constructor.name === 'GetRecordsCommand') limits.push(command.input.Limit);
      return send(command);
    }) as typeof streams.send;
    const poller = await startPoller({
      handler,
      streams: counting,
      batchSize: 2,
      filter: (record) => record.dynamodb?.Keys?.pk?.S?.startsWith('kept-') ?? false,
    });
    // Ids of their own: an unchanged item writes no stream record.
    for (const id of ['kept-f1', 'dropped-f1', 'dropped-f2', 'kept-f2', 'dropped-f3', 'kept-f3']) {
      await put(id);
    }
    await poller.settled();

    expect(pks(records())).toEqual(['kept-f1', 'kept-f2', 'kept-f3']);
    expect(events.every((event) => event.Records.length <= 2)).toBe(true);
    // Up to 1000 read at a time (GetRecords' most), so dropped records never shrink a batch.
    expect(limits.length).toBeGreaterThan(0);
    expect(new Set(limits)).toEqual(new Set([1000]));
  });

  it('reads at once on wake() instead of waiting out its idle pause', async () => {
    let delivered: (records: DynamoDBRecord[]) => void = () => undefined;
    const arrived = new Promise<DynamoDBRecord[]>((resolve) => {
      delivered = resolve;
    });
    // An hour-long pause: without wake() the write would not be read while the test runs.
    const poller = await startPoller({
      handler: async (event) => delivered(event.Records),
      intervalMs: 3_600_000,
    });

    await put('woken');
    poller.wake();

    expect(pks(await arrived)).toEqual(['woken']);
  });

  it('hands over at most batchSize records per call, in order', async () => {
    const { events, records, handler } = recorder();
    const poller = await startPoller({ handler, batchSize: 2 });

    for (const id of ['b1', 'b2', 'b3', 'b4', 'b5']) await put(id);
    await poller.settled();

    expect(pks(records())).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(events.every((event) => event.Records.length <= 2)).toBe(true);
  });

  it('retries a failed batch, and the handler sees the same records again', async () => {
    const seen: string[][] = [];
    const errors: unknown[] = [];
    const poller = await startPoller({
      handler: async (event) => {
        seen.push(event.Records.map((r) => r.eventID ?? ''));
        if (seen.length < 3) throw new Error('S3 is having a moment');
      },
      onError: (error) => errors.push(error),
    });

    await put('flaky');
    await poller.settled();

    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((ids) => ids.join()))).toHaveProperty('size', 1);
    expect(errors).toEqual([]);
  });

  it('reports a batch that still fails after 3 retries, then moves on', async () => {
    const attempts: string[] = [];
    const reported: Array<{ error: unknown; event: DynamoDBStreamEvent }> = [];
    const poison = new Error('cannot render');
    const poller = await startPoller({
      handler: async (event) => {
        const ids = pks(event.Records);
        attempts.push(ids.join());
        if (ids.includes('poison')) throw poison;
      },
      onError: (error, event) => reported.push({ error, event }),
    });

    await put('poison');
    await poller.settled();
    await put('healthy');
    await poller.settled();

    expect(attempts).toEqual(['poison', 'poison', 'poison', 'poison', 'healthy']);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.error).toBe(poison);
    expect(pks(reported[0]?.event.Records ?? [])).toEqual(['poison']);
  });

  it('stop() waits for the batch in flight and delivers nothing afterwards', async () => {
    let calls = 0;
    let finished = false;
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const poller = await startPoller({
      handler: async () => {
        calls++;
        entered();
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      },
    });
    await put('slow');
    await inHandler;

    await poller.stop();

    expect(finished).toBe(true);
    await put('after-stop');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(1);
    await poller.settled(); // resolves at once once stopped
  });
});

describe('createStreamPoller shard lineage (mocked: DynamoDB Local never splits a shard)', () => {
  const arn = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/1';
  const record = (id: string, sequence: string) => ({
    eventID: id,
    eventName: 'INSERT' as const,
    dynamodb: {
      Keys: { pk: { S: id } },
      SequenceNumber: sequence,
      ApproximateCreationDateTime: new Date('2026-05-01T10:20:30.700Z'),
    },
  });

  it('reads a parent to its end before its child, and new shards from their start', async () => {
    const client = new DynamoDBStreamsClient({ region: 'ca-central-1', credentials });
    const mock = mockClient(client);
    const open = { ShardId: 'A', SequenceNumberRange: { StartingSequenceNumber: '1' } };
    const closed = (id: string) => ({
      ShardId: id,
      SequenceNumberRange: { StartingSequenceNumber: '0', EndingSequenceNumber: '0' },
    });
    mock
      .on(DescribeStreamCommand)
      .resolvesOnce({ StreamDescription: { Shards: [closed('old'), open] } })
      .resolves({
        StreamDescription: {
          Shards: [
            closed('old'),
            {
              ...open,
              SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '2' },
            },
            {
              ShardId: 'B',
              ParentShardId: 'A',
              SequenceNumberRange: { StartingSequenceNumber: '3' },
            },
          ],
        },
      });
    mock.on(GetShardIteratorCommand, { ShardId: 'A' }).resolves({ ShardIterator: 'A0' });
    mock.on(GetShardIteratorCommand, { ShardId: 'B' }).resolves({ ShardIterator: 'B0' });
    mock.on(GetRecordsCommand, { ShardIterator: 'A0' }).resolves({
      Records: [record('a1', '1')],
      NextShardIterator: 'A1',
    });
    mock.on(GetRecordsCommand, { ShardIterator: 'A1' }).resolves({ Records: [record('a2', '2')] });
    mock.on(GetRecordsCommand, { ShardIterator: 'B0' }).resolves({
      Records: [record('b1', '3')],
      NextShardIterator: 'B1',
    });
    mock
      .on(GetRecordsCommand, { ShardIterator: 'B1' })
      .resolves({ Records: [], NextShardIterator: 'B1' });
    const { records, handler } = recorder();
    const poller = createStreamPoller({
      streams: client,
      streamArn: arn,
      handler,
      intervalMs: 5,
      shardRefreshMs: 0,
    });

    await poller.start();
    await poller.settled();
    await poller.stop();

    expect(records().map((r) => r.eventID)).toEqual(['a1', 'a2', 'b1']);
    const iterators = mock.commandCalls(GetShardIteratorCommand).map((c) => c.args[0].input);
    expect(iterators).toEqual([
      { StreamArn: arn, ShardId: 'A', ShardIteratorType: 'LATEST' },
      { StreamArn: arn, ShardId: 'B', ShardIteratorType: 'TRIM_HORIZON' },
    ]);
    expect(records()[0]).toMatchObject({
      awsRegion: 'ca-central-1',
      eventSourceARN: arn,
      eventVersion: '1.1',
      dynamodb: { ApproximateCreationDateTime: Date.parse('2026-05-01T10:20:30Z') / 1000 },
    });
  });

  it('backs off after a failed stream call, reports it, and carries on', async () => {
    const client = new DynamoDBStreamsClient({ region: 'ca-central-1', credentials });
    const mock = mockClient(client);
    mock.on(DescribeStreamCommand).resolves({
      StreamDescription: { Shards: [{ ShardId: 'A', SequenceNumberRange: {} }] },
    });
    mock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'A0' });
    mock
      .on(GetRecordsCommand)
      .rejectsOnce(new InternalServerError({ message: 'busy', $metadata: {} }))
      .resolvesOnce({ Records: [record('a1', '1')], NextShardIterator: 'A1' })
      .resolves({ Records: [], NextShardIterator: 'A1' });
    const pollErrors: unknown[] = [];
    const { records, handler } = recorder();
    const poller = createStreamPoller({
      streams: client,
      streamArn: arn,
      handler,
      intervalMs: 5,
      onPollError: (error) => pollErrors.push(error),
    });

    await poller.start();
    await poller.settled();
    await poller.stop();

    expect(pollErrors).toEqual([expect.any(InternalServerError)]);
    expect(records().map((r) => r.eventID)).toEqual(['a1']);
    // The iterator was fetched again after the failure rather than reused.
    expect(mock.commandCalls(GetShardIteratorCommand)).toHaveLength(2);
  });
});
