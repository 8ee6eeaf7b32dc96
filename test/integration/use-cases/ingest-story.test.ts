import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbStoryStore } from '../../../lambdas/adapters/dynamodb/dynamodb-story-store.js';
import { ConflictError } from '../../../lambdas/core/errors.js';
import { parseStoryInput } from '../../../lambdas/core/story/story.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

const regions = ['okanagan', 'shuswap'];
let table: TestStores;
let deps: { stories: DynamoDbStoryStore; clock: { now: () => Date } };

beforeAll(async () => {
  table = await createTestStores();
  deps = { stories: table.stories, clock: { now: () => new Date() } };
});
afterAll(async () => {
  await table.drop();
});

const take = (version: number, extra: Record<string, unknown> = {}) =>
  parseStoryInput(
    wireStoryJson({ id: 'thrus', version, headline: `Take ${version}`, ...extra }),
    regions,
  );

describe('ingestStory against DynamoDB Local', () => {
  it('creates, updates, replays, and refuses stale or conflicting takes', async () => {
    expect((await ingestStory(deps, take(2))).outcome).toBe('created');
    expect((await ingestStory(deps, take(2))).outcome).toBe('unchanged');
    await expect(ingestStory(deps, take(1))).rejects.toBeInstanceOf(ConflictError);
    await expect(ingestStory(deps, take(2, { headline: 'Different' }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await ingestStory(deps, take(3))).outcome).toBe('updated');
    expect((await deps.stories.get('thrus'))?.headline).toBe('Take 3');
  });

  it('ends with the highest version stored when takes race', async () => {
    const versions = Array.from({ length: 12 }, (_, i) => i + 10).sort(() => Math.random() - 0.5);
    const results = await Promise.allSettled(
      versions.map((v) =>
        ingestStory(deps, parseStoryInput(wireStoryJson({ id: 'racer', version: v }), regions)),
      ),
    );
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
    }
    expect((await deps.stories.get('racer'))?.version).toBe(21);
  });

  it('keeps a kill: the same take cannot bring the story back, a higher version can', async () => {
    const input = parseStoryInput(wireStoryJson({ id: 'killed', version: 5 }), regions);
    await ingestStory(deps, input);
    const killed = await killStory(deps, 'killed');
    expect(killed.killedAt).toBeDefined();
    expect((await ingestStory(deps, input)).story.killedAt).toBe(killed.killedAt);
    await expect(ingestStory(deps, { ...input, version: 4 })).rejects.toBeInstanceOf(ConflictError);
    const revived = await ingestStory(deps, { ...input, version: 6 });
    expect(revived.story.killedAt).toBeUndefined();
    expect(revived.story.status).toBe('usable');
  });
});
