import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbArchiveSpans } from '../../../lambdas/adapters/dynamodb/dynamodb-archive-spans.js';
import { archiveHeadKey, archivePageItem } from '../../../lambdas/adapters/dynamodb/story-item.js';
import type { ArchivePage } from '../../../lambdas/core/ports.js';
import { parseStoryInput, resolveStory } from '../../../lambdas/core/story/story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

let table: TestStores;
const sent: string[] = [];

beforeAll(async () => {
  table = await createTestStores();
  // Counts every request the adapter sends, as it goes out to DynamoDB Local.
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
});
afterAll(async () => {
  await table.drop();
});

const regions = Array.from({ length: 150 }, (_, i) => `region-${String(i).padStart(3, '0')}`);
const feeds = regions.map((region) => ({ region, channel: 'wire' as const }));

function storyAt(publishedAt: string) {
  const input = parseStoryInput(wireStoryJson({ id: 'late-star', regions: ['*'], publishedAt }), [
    ...regions,
  ]);
  return resolveStory(input, undefined, new Date('2026-11-26T12:00:00Z'));
}

/** Two pages closed in every tenth feed: (…, 06:00] and (06:00, 09:00]. */
async function archiveEveryTenthFeed(): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const feed of feeds.filter((_, i) => i % 10 === 0)) {
    const first: ArchivePage = { feed, number: 1, through: '2026-11-26T06:00:00.000Z#a' };
    const second: ArchivePage = {
      feed,
      number: 2,
      after: first.through,
      through: '2026-11-26T09:00:00.000Z#b',
    };
    items.push(archivePageItem(first), archivePageItem(second));
    items.push({ ...archiveHeadKey(feed), pages: 2, cursor: second.through });
  }
  for (let i = 0; i < items.length; i += 25) {
    await table.documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}

describe('DynamoDbArchiveSpans', () => {
  it('reads the heads of 150 feeds in two BatchGets and a page only where the story is archived', async () => {
    await archiveEveryTenthFeed();
    const spans = new DynamoDbArchiveSpans({ client: table.documents, tableName: table.tableName });
    const late = storyAt('2026-11-26T07:30:00Z');
    sent.length = 0;

    const pages = await spans.pagesHolding(feeds, late);

    expect(sent.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(2);
    expect(sent.filter((c) => c === 'QueryCommand')).toHaveLength(15);
    expect(sent).toHaveLength(17);
    pages.forEach((page, i) => {
      if (i % 10 === 0) expect(page, feeds[i]?.region).toMatchObject({ feed: feeds[i], number: 2 });
      else expect(page, feeds[i]?.region).toBeUndefined();
    });
  });

  it('puts a story on page 1 before the first span ends, and nowhere after the cursor', async () => {
    const spans = new DynamoDbArchiveSpans({ client: table.documents, tableName: table.tableName });
    const first = feeds.slice(0, 1);
    const [early] = await spans.pagesHolding(first, storyAt('2026-11-25T23:00:00Z'));
    const [fresh] = await spans.pagesHolding(first, storyAt('2026-11-26T10:00:00Z'));
    expect(early?.number).toBe(1);
    expect(fresh).toBeUndefined();
  });

  it('sends no Query for a fresh story, only the BatchGets of the heads', async () => {
    const spans = new DynamoDbArchiveSpans({ client: table.documents, tableName: table.tableName });
    sent.length = 0;
    const pages = await spans.pagesHolding(feeds, storyAt('2026-11-26T11:00:00Z'));
    expect(pages.every((page) => page === undefined)).toBe(true);
    expect(sent).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
  });
});
