import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBStreamEvent } from 'aws-lambda';
import type { FeedRef } from '../../core/story/story.js';
import type { StoryTake } from '../../core/story/story-take.js';
import { decodeStoryItem } from '../dynamodb/story-body-codec.js';
import { parseFeedRef, STORY_SK, type StoryItem, storyIdOfKey } from '../dynamodb/story-item.js';

/**
 * The feeds a batch of story-item stream records touches: every feed named in an old image (the
 * story may have left it) or a new image (it may have joined it). Many changes to one feed
 * collapse into one ref, so each feed renders once per batch.
 */
export function affectedFeeds(event: DynamoDBStreamEvent): FeedRef[] {
  const refs = new Map<string, FeedRef>();
  for (const record of event.Records) {
    for (const image of [record.dynamodb?.OldImage, record.dynamodb?.NewImage]) {
      for (const text of feedsOf(image)) refs.set(text, parseFeedRef(text));
    }
  }
  return [...refs.values()];
}

function feedsOf(image: Record<string, AttributeValue> | undefined): string[] {
  if (image?.kind?.S !== 'story') return [];
  return (image.feeds?.L ?? []).flatMap((value) => (value.S ? [value.S] : []));
}

/** A story write as its stream record reports it, for stale-read detection and logs. */
export interface TriggeringWrite extends StoryTake {
  readonly version?: number;
  readonly revision?: number;
}

/** The writes a batch reports (the newest image of each story), in record order. */
export function triggeringWrites(event: DynamoDBStreamEvent): TriggeringWrite[] {
  const byId = new Map<string, TriggeringWrite>();
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const story = image?.kind?.S === 'story' ? image.story?.M : undefined;
    const id = story?.id?.S;
    const receivedAt = story?.receivedAt?.S;
    if (!id || !receivedAt) continue;
    byId.set(id, {
      id,
      receivedAt,
      killedAt: story.killedAt?.S,
      version: numberOf(story.version),
      revision: numberOf(image?.revision),
    });
  }
  return [...byId.values()];
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  return value?.N === undefined ? undefined : Number(value.N);
}

/** The stories a batch of stream records changed (their pages and archive pages follow). */
export function affectedStories(event: DynamoDBStreamEvent): string[] {
  return storiesOf(event.Records);
}

/**
 * The stories of the batch written before (a modify or remove record): only those can already
 * be on an archive page. A first write (insert) is archived, if ever, by a later publish.
 */
export function archivableStories(event: DynamoDBStreamEvent): string[] {
  return storiesOf(event.Records.filter((record) => record.eventName !== 'INSERT'));
}

function storiesOf(records: DynamoDBStreamEvent['Records']): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    const id = storyIdOfKey(record.dynamodb?.Keys?.pk?.S);
    if (id && record.dynamodb?.Keys?.sk?.S === STORY_SK) ids.add(id);
  }
  return [...ids];
}

/**
 * The story items as the batch's new images show them (the newest per story): each is the item
 * at exactly its revision, so the publisher can keep it instead of reading it back.
 */
export function streamedStoryItems(event: DynamoDBStreamEvent): StoryItem[] {
  const byId = new Map<string, StoryItem>();
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (image?.kind?.S !== 'story' || image.revision?.N === undefined) continue;
    const item = decodeStoryItem(unmarshall(image as Parameters<typeof unmarshall>[0]));
    byId.set(item.story.id, item);
  }
  return [...byId.values()];
}
