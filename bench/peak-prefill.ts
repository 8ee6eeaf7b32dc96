import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client.js';
import { planSave } from '../lambdas/adapters/dynamodb/save-plan.js';
import type { Story } from '../lambdas/core/story/story.js';
import { storedWire } from './fixtures.js';

/**
 * `count` `*` stories in each channel, straight into the table: every region's local and wire
 * feeds then hold more than their 50 items (the first render archives the rest).
 */
export async function prefillStars(client: DynamoDBClient, table: string, count: number) {
  const documents = createDocumentClient(client);
  const items = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.now() - (count - i) * 60_000).toISOString();
    for (const story of [starWire(i, at), starLocal(i, at)]) {
      const plan = planSave({ story, previous: undefined, keepDays: 30 });
      items.push(plan.storyItem, ...plan.puts);
    }
  }
  for (let i = 0; i < items.length; i += 25) {
    let requests: Array<Record<string, unknown>> = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const output = await documents.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (output.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

function starWire(i: number, at: string): Story {
  return { ...storedWire(`prefill-wire-${i}`, '*', at), regions: ['*'] };
}

function starLocal(i: number, at: string): Story {
  return {
    ...storedWire(`prefill-local-${i}`, '*', at),
    channel: 'local',
    regions: ['*'],
    bodyHtml: undefined,
    url: `https://news.example.com/local/prefill-${i}`,
  } as Story;
}
