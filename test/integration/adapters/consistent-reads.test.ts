import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoryInput, resolveStory } from '../../../lambdas/core/story/story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

let table: TestStores;
const reads: Array<{ command: string; input: Record<string, unknown> }> = [];

beforeAll(async () => {
  table = await createTestStores();
  // Records every read the store sends, as it goes out to DynamoDB Local.
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      if (/^(Get|Query|BatchGet)/.test(command)) {
        reads.push({ command, input: args.input as Record<string, unknown> });
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordReads' },
  );
});
afterAll(async () => {
  await table.drop();
});

describe('DynamoDbStoryStore reads', () => {
  it('asks for strongly consistent reads on every path the publisher and the sweep take', async () => {
    const store = table.stories;
    const input = parseStoryInput(wireStoryJson({ id: 'consistent', regions: ['okanagan'] }), [
      'okanagan',
    ]);
    const now = new Date('2026-11-26T00:00:00Z');
    await store.save(resolveStory(input, undefined, now), undefined);
    reads.length = 0;
    const feed = { region: 'okanagan', channel: 'wire' as const };

    expect((await store.listFeed(feed, now, 50)).map((s) => s.id)).toEqual(['consistent']);
    await store.listTombstones(feed, new Date('2026-11-01T00:00:00Z'));
    await store.listDue(now);
    await store.get('consistent');

    expect(new Set(reads.map((r) => r.command))).toEqual(
      new Set(['QueryCommand', 'BatchGetItemCommand', 'GetItemCommand']),
    );
    for (const { command, input } of reads) {
      const consistent =
        command === 'BatchGetItemCommand'
          ? Object.values(input.RequestItems as Record<string, { ConsistentRead?: boolean }>).every(
              (r) => r.ConsistentRead === true,
            )
          : input.ConsistentRead === true;
      expect(consistent, `${command} ${JSON.stringify(input)}`).toBe(true);
    }
  });
});
