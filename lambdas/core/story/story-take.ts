import type { Story } from './story.js';

/**
 * One write of a story as a stream record reports it: the take (`receivedAt`, set by every
 * ingest) and the kill (`killedAt`, set by a kill, which keeps the take).
 */
export interface StoryTake {
  readonly id: string;
  readonly receivedAt: string;
  readonly killedAt?: string;
}

/**
 * True if `seen` was read from a state before `take` was written: an older take, or the same
 * take not yet killed. A publisher that lists such a story read a view that misses the write it
 * was triggered by, and must read again.
 */
export function isOlderThan(
  seen: Pick<Story, 'receivedAt' | 'killedAt'>,
  take: StoryTake,
): boolean {
  if (seen.receivedAt !== take.receivedAt) return seen.receivedAt < take.receivedAt;
  return take.killedAt !== undefined && seen.killedAt === undefined;
}

/** The ids of the listed stories that are older than the take that triggered the listing. */
export function staleIds(
  stories: readonly Story[],
  takes: ReadonlyMap<string, StoryTake>,
): string[] {
  return stories.flatMap((story) => {
    const take = takes.get(story.id);
    return take && isOlderThan(story, take) ? [story.id] : [];
  });
}
