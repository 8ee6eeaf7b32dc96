import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  affectedStories,
  archivableStories,
  streamedStoryItems,
  triggeringWrites,
} from '../../../../lambdas/adapters/stream/affected-feeds.js';
import { isOlderThan } from '../../../../lambdas/core/story/story-take.js';

const image = (value: Record<string, unknown>) =>
  marshall(value, { removeUndefinedValues: true }) as Record<string, AttributeValue>;

describe('triggeringWrites', () => {
  it("reads each story's newest take, kill and revision from the new images", () => {
    const event: DynamoDBStreamEvent = {
      Records: [
        {
          dynamodb: {
            NewImage: image({
              kind: 'story',
              revision: 1,
              story: { id: 'a', version: 1, receivedAt: '2026-11-29T10:00:00.000Z' },
            }),
          },
        },
        {
          dynamodb: {
            NewImage: image({
              kind: 'story',
              revision: 2,
              story: {
                id: 'a',
                version: 1,
                receivedAt: '2026-11-29T10:00:00.000Z',
                killedAt: '2026-11-29T10:05:00.000Z',
              },
            }),
          },
        },
        {
          dynamodb: { OldImage: image({ kind: 'story', story: { id: 'gone', receivedAt: 'x' } }) },
        },
      ],
    };
    expect(triggeringWrites(event)).toEqual([
      {
        id: 'a',
        version: 1,
        revision: 2,
        receivedAt: '2026-11-29T10:00:00.000Z',
        killedAt: '2026-11-29T10:05:00.000Z',
      },
    ]);
  });
});

describe('stories of a batch', () => {
  const keys = (id: string) => image({ pk: `story#${id}`, sk: 'story' });
  const event = {
    Records: [
      {
        eventName: 'INSERT',
        dynamodb: {
          Keys: keys('new'),
          NewImage: image({ kind: 'story', revision: 1, story: { id: 'new', headline: 'N' } }),
        },
      },
      {
        eventName: 'MODIFY',
        dynamodb: {
          Keys: keys('changed'),
          NewImage: image({ kind: 'story', revision: 4, story: { id: 'changed', headline: 'C' } }),
        },
      },
      { eventName: 'REMOVE', dynamodb: { Keys: keys('removed') } },
      { eventName: 'INSERT', dynamodb: { Keys: image({ pk: 'feed#x#wire', sk: 'y' }) } },
    ],
  } as DynamoDBStreamEvent;

  it('names every changed story, and as archivable only those written before', () => {
    expect(affectedStories(event)).toEqual(['new', 'changed', 'removed']);
    expect(archivableStories(event)).toEqual(['changed', 'removed']);
  });

  it('gives the story items of the new images, each with its revision', () => {
    expect(streamedStoryItems(event).map(({ story, revision }) => [story.id, revision])).toEqual([
      ['new', 1],
      ['changed', 4],
    ]);
  });
});

describe('isOlderThan', () => {
  const take = { id: 'a', receivedAt: '2026-11-29T10:00:00.000Z' };
  it('finds an older take and the same take not yet killed', () => {
    expect(isOlderThan({ receivedAt: '2026-11-29T09:59:59.000Z' }, take)).toBe(true);
    expect(
      isOlderThan(
        { receivedAt: take.receivedAt },
        { ...take, killedAt: '2026-11-29T10:05:00.000Z' },
      ),
    ).toBe(true);
  });
  it('accepts the same or a newer take', () => {
    expect(isOlderThan({ receivedAt: take.receivedAt }, take)).toBe(false);
    expect(isOlderThan({ receivedAt: '2026-11-29T10:00:01.000Z' }, take)).toBe(false);
    expect(
      isOlderThan({ receivedAt: take.receivedAt, killedAt: 'k' }, { ...take, killedAt: 'k' }),
    ).toBe(false);
  });
});
