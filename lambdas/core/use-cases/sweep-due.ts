import type { Clock, StoryStore } from '../ports.js';
import { publishChanges } from './publish-changes.js';
import type { PublishDeps } from './publish-deps.js';
import type { PublishReport } from './publish-feeds.js';
import { publishSitemaps } from './publish-sitemaps.js';

/**
 * Re-publishes the feeds and story pages whose content changed by itself since the last sweep:
 * an embargo lifted (the page appears) or a story expired (the page is withdrawn); then the
 * sitemap files of every day whose listing changed since they were written (by any publish:
 * stories' publishes only mark the days), so sitemaps trail stories by one sweep at most (unless
 * `sitemaps` is false: local mode sweeps every 250 ms and writes them less often). Due changes
 * are forgotten only after their feeds were published,
 * so a failed sweep is simply repeated by the next one. Early is impossible: a feed query
 * never returns an entry dated after `now`.
 */
export async function sweepDue(
  deps: PublishDeps & { readonly stories: StoryStore; readonly clock: Clock },
  options: { readonly sitemaps?: boolean } = {},
): Promise<PublishReport & { due: number }> {
  const due = await deps.stories.listDue(deps.clock.now());
  const report = await publishChanges(deps, {
    feeds: due.flatMap((change) => change.feeds),
    storyIds: due.map((change) => change.storyId),
  });
  await deps.stories.clearDue(due);
  // After the due stories' pages: their sitemap changes are marked by then, and written now.
  const sitemaps = options.sitemaps === false ? [] : (await publishSitemaps(deps)).written;
  return { ...report, written: report.written + sitemaps.length, due: due.length };
}
