import { isAfter, timeOf } from './instant.js';
import type { Channel, FeedRef, Story } from './story.js';

/**
 * What decides where and when a story is listed. Kept apart from the story schema (and its
 * HTML sanitiser), so the publisher, which never validates input, does not load them.
 */
export const CHANNELS: readonly Channel[] = ['local', 'wire'];

/** A story's date in the feeds: the later of first publication and embargo. */
export function feedDateOf(story: Pick<Story, 'publishedAt' | 'embargoUntil'>): string {
  const { publishedAt, embargoUntil } = story;
  return embargoUntil && isAfter(embargoUntil, publishedAt) ? embargoUntil : publishedAt;
}

/** True while a story may be listed at all (not withheld, canceled or killed). */
export function isListable(story: Pick<Story, 'status' | 'killedAt'>): boolean {
  return story.status === 'usable' && story.killedAt === undefined;
}

/** True if the story is in its feeds at `now`: listable, past its embargo, before expiry. */
export function isVisibleAt(story: Story, now: Date): boolean {
  const at = now.getTime();
  const expired = story.expiresAt !== undefined && !(timeOf(story.expiresAt) > at);
  return isListable(story) && timeOf(feedDateOf(story)) <= at && !expired;
}

/**
 * True if readers could have seen the story by `at`: listable, its embargo lifted by then, and
 * not expired before it ever appeared. A story that leaves a feed unseen leaves no trace in it.
 */
export function hasBeenVisible(story: Story, at: Date): boolean {
  const appeared = timeOf(feedDateOf(story));
  const expired = story.expiresAt !== undefined && !(timeOf(story.expiresAt) > appeared);
  return isListable(story) && appeared <= at.getTime() && !expired;
}

/** The feeds a story belongs to (none once killed or withheld). */
export function feedRefsOf(story: Story): FeedRef[] {
  if (!isListable(story)) return [];
  return story.regions.map((region) => ({ region, channel: story.channel }));
}

/** Every concrete feed a set of refs touches, with `*` expanded to the configured regions. */
export function expandFeedRefs(refs: Iterable<FeedRef>, regions: readonly string[]): FeedRef[] {
  const keys = new Set<string>();
  for (const ref of refs) {
    for (const region of ref.region === '*' ? regions : [ref.region]) {
      keys.add(`${region}/${ref.channel}`);
    }
  }
  return [...keys].sort().map((key) => {
    const [region = '', channel] = key.split('/');
    return { region, channel: channel as Channel };
  });
}
