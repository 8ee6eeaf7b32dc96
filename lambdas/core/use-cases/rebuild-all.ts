import { CHANNELS } from '../story/story-rules.js';
import type { PublishDeps } from './publish-deps.js';
import { withRenderer } from './publish-deps.js';
import type { PublishReport } from './publish-feeds.js';
import { publishFeeds } from './publish-feeds.js';
import { publishPages } from './publish-pages.js';

/**
 * Renders the directory, every feed of every region and every custom feed, and the pages of the
 * stories they list: after a deploy or a configuration change.
 */
export async function rebuildAll(publishDeps: PublishDeps): Promise<PublishReport> {
  const deps = withRenderer(publishDeps);
  // Loaded here, not at cold start: only a deploy's rebuild renders the directory.
  const { publishDirectory } = await import('./publish-directory.js');
  await publishDirectory(deps);
  const report = await publishFeeds(
    deps,
    CHANNELS.map((channel) => ({ region: '*', channel })),
  );
  const pages = await publishPages(deps, report.storyIds);
  return { ...report, written: report.written + pages.written.length };
}
