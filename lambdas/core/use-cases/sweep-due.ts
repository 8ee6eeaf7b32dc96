import type { Clock, StoryStore } from '../ports.js';
import { type PublishDeps, type PublishReport, publishFeeds } from './publish-feeds.js';

/**
 * Re-publishes the feeds whose content changed by itself since the last sweep: an embargo
 * lifted or a story expired. Due changes are forgotten only after their feeds were published,
 * so a failed sweep is simply repeated by the next one. Early is impossible: a feed query
 * never returns an entry dated after `now`.
 */
export async function sweepDue(
  deps: PublishDeps & { readonly stories: StoryStore; readonly clock: Clock },
): Promise<PublishReport & { due: number }> {
  const due = await deps.stories.listDue(deps.clock.now());
  const report = await publishFeeds(
    deps,
    due.flatMap((change) => change.feeds),
  );
  await deps.stories.clearDue(due);
  return { ...report, due: due.length };
}
