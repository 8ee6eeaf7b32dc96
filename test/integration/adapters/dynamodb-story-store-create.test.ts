import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { parseStoryInput, resolveStory } from '../../../lambdas/core/story/story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const REGIONS = ['okanagan', 'shuswap'];
const take = (json: Record<string, unknown>, at = '2026-11-25T18:00:00Z') =>
  resolveStory(parseStoryInput(json, REGIONS), undefined, new Date(at));

let table: TestStores;
let store: DynamoDbStoryStore;

beforeAll(async () => {
  table = await createTestStores();
  store = table.stories;
});
afterAll(async () => {
  await table.drop();
});

describe('DynamoDbStoryStore.create', () => {
  it('stores a story with a new id and answers nothing', async () => {
    const story = take(wireStoryJson({ id: 'brand-new' }));

    expect(await store.create(story)).toBeUndefined();
    expect(await store.get('brand-new')).toEqual(story);
  });

  it('writes nothing when the id is taken and answers the stored story', async () => {
    const stored = take(wireStoryJson({ id: 'taken', headline: 'Stored take' }));
    await store.create(stored);

    const answer = await store.create(
      take(wireStoryJson({ id: 'taken', version: 9, headline: 'Other take' })),
    );

    expect(answer).toEqual(stored);
    expect(await store.get('taken')).toEqual(stored);
  });

  it('answers a story that a save can name as previous without reading it again', async () => {
    const first = take(wireStoryJson({ id: 'then-saved' }));
    await store.create(first);
    const answer = await store.create(take(wireStoryJson({ id: 'then-saved', version: 2 })));
    const second = resolveStory(
      parseStoryInput(wireStoryJson({ id: 'then-saved', version: 2 }), REGIONS),
      answer,
      new Date('2026-11-25T18:05:00Z'),
    );

    await store.save(second, answer);

    expect((await store.get('then-saved'))?.version).toBe(2);
  });
});
