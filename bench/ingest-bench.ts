import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../lambdas/adapters/dynamodb/client.js';
import { planSave } from '../lambdas/adapters/dynamodb/save-plan.js';
import { parseStoryInput, resolveStory } from '../lambdas/core/story/story.js';
import { ensureTable } from '../lambdas/local/ensure-table.js';
import type { LocalApp } from '../lambdas/local/local-app.js';
import { regions, TOKEN, wireJson } from './fixtures.js';
import type { Results } from './results.js';
import { heading, pool, row, target, timeIt, withTimeout } from './stats.js';

const SENDERS = 16;
const PER_ROUND = 200;
const ROUNDS = 2;

/**
 * Stories per second over HTTP (auth, validation, sanitising, the conditional transaction) at
 * 16 senders, against DynamoDB Local taking TransactWriteItems of the very same items (story and
 * feed entry) from 16 senders. Rounds alternate so both see the same machine load.
 */
export async function ingestBench(app: LocalApp, endpoint: string, results: Results) {
  heading(`Ingest rate: ${ROUNDS} × ${PER_ROUND} wire stories, ${SENDERS} concurrent senders`);
  const client = createDynamoDbClient({ region: 'local', endpoint });
  const documents = createDocumentClient(client);
  const rawTable = `bench-raw-${randomUUID()}`;
  await ensureTable(client, rawTable);
  let httpMs = 0;
  let rawMs = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const stories = Array.from({ length: PER_ROUND }, (_, i) =>
        wireJson(`rate-${round}-${i}`, i, regions[i % regions.length]),
      );
      httpMs += await timeIt(() => pool(stories, SENDERS, (story) => post(app, story)));
      await withTimeout(app.settled(), 60_000, 'publishing the posted stories');
      const transactions = stories.map((json) => rawTransaction(rawTable, json));
      rawMs += await timeIt(() =>
        pool(transactions, SENDERS, async (input) => void (await documents.send(input))),
      );
    }
  } finally {
    client.destroy();
  }
  const total = ROUNDS * PER_ROUND;
  const httpRate = total / (httpMs / 1000);
  const rawRate = total / (rawMs / 1000);
  row('Dateline POST /stories', `${httpRate.toFixed(0)} /s`);
  row('DynamoDB Local TransactWriteItems, same items', `${rawRate.toFixed(0)} /s`);
  results.ingest_rate_ratio = httpRate / rawRate;
  target('Dateline / raw', results.ingest_rate_ratio, 0.5, 'x', true);
}

async function post(app: LocalApp, story: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${app.url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(story),
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
}

/** The transaction the story store writes for a new story, prepared before the clock starts. */
function rawTransaction(table: string, json: Record<string, unknown>): TransactWriteCommand {
  const story = resolveStory(parseStoryInput(json, regions), undefined, new Date());
  const plan = planSave({ story, previous: undefined, keepDays: 30 });
  return new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: table,
          Item: plan.storyItem,
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...plan.puts.map((Item) => ({ Put: { TableName: table, Item } })),
    ],
  });
}
