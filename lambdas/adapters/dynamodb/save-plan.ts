import type { Story } from '../../core/story/story.js';
import { hasBeenVisible } from '../../core/story/story-rules.js';
import {
  type Key,
  type StoryItem,
  toDueItems,
  toEntryItems,
  toStoryItem,
  toTombstoneItem,
} from './story-item.js';

export interface SavePlan {
  readonly storyItem: StoryItem;
  readonly puts: ReadonlyArray<Key & Record<string, unknown>>;
  readonly deletes: readonly Key[];
}

/**
 * What one save writes, in one transaction: the story; its entries in the feeds it is in now;
 * deletes of the entries it no longer has; a tombstone in every feed it left that readers saw it
 * in; and due items for
 * its embargo and expiry. Worst case, 1 + 32 + 32 + 32 + 2 = 99 items (DynamoDB allows 100).
 */
export function planSave(input: {
  story: Story;
  previous: StoryItem | undefined;
  keepDays: number;
}): SavePlan {
  const { story, previous, keepDays } = input;
  const revision = (previous?.revision ?? 0) + 1;
  const entries = toEntryItems(story, revision);
  const newKeys = new Set(entries.map(keyText));
  const oldEntries = previous ? toEntryItems(previous.story) : [];
  const deletes = oldEntries
    .filter((entry) => !newKeys.has(keyText(entry)))
    .map(({ pk, sk }) => ({ pk, sk }));
  const joined = new Set(entries.map((entry) => entry.pk));
  const deletedAt = story.killedAt ?? story.receivedAt;
  // Only a story readers could have seen leaves a tombstone: one that leaves while still under
  // embargo would otherwise announce its id (and change the feed) before it was ever public.
  const seen = previous !== undefined && hasBeenVisible(previous.story, new Date(deletedAt));
  const tombstones = oldEntries
    .filter((entry) => seen && !joined.has(entry.pk))
    .map((entry) => {
      const [, region = '', channel = ''] = entry.pk.split('#');
      return toTombstoneItem(
        { region, channel: channel as Story['channel'] },
        { storyId: story.id, deletedAt },
        keepDays,
      );
    });
  return {
    storyItem: toStoryItem(story, revision),
    puts: [...entries, ...tombstones, ...toDueItems(story, story.receivedAt)],
    deletes,
  };
}

function keyText(key: Key): string {
  return `${key.pk}\u0000${key.sk}`;
}
