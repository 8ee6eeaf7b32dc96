import { CHANNELS } from '../story.js';
import { publishDirectory } from './publish-directory.js';
import type { PublishDeps, PublishReport } from './publish-feeds.js';
import { publishFeeds } from './publish-feeds.js';
import { publishPages } from './publish-pages.js';

/**
 * Renders the directory, every feed of every region and every custom feed, and the pages of the
 * stories they list: after a deploy or a configuration change.
 */
export async function rebuildAll(deps: PublishDeps): Promise<PublishReport> {
  await publishDirectory(deps);
  const report = await publishFeeds(
    deps,
    CHANNELS.map((channel) => ({ region: '*', channel })),
  );
  const pages = await publishPages(deps, report.storyIds);
  return { ...report, written: report.written + pages.written.length };
}
