import { allFeeds } from '../story/feed-selection.js';
import { CHANNELS } from '../story/story-rules.js';
import { mapLimit } from './map-limit.js';
import { publishArchivePage } from './publish-archives.js';
import type { PublishDeps } from './publish-deps.js';
import { withRenderer } from './publish-deps.js';
import type { PublishReport } from './publish-feeds.js';
import { publishFeeds } from './publish-feeds.js';
import { publishPages } from './publish-pages.js';

/**
 * Renders everything public from the table, so an empty bucket is whole again (after a deploy,
 * a configuration change, or a restore): the directory and OPML; every feed of every region and
 * every custom feed with its HTML view; every archive page of each; and the page of every story
 * that ever had one: live, archived, or withdrawn (killed, withheld, expired). Every file is
 * checked against the store (HEAD), and those whose bytes are already stored are skipped, so a
 * rebuild over a whole bucket writes nothing.
 */
export async function rebuildAll(publishDeps: PublishDeps): Promise<PublishReport> {
  const deps = withRenderer(publishDeps);
  // Loaded here, not at cold start: only a rebuild renders the directory.
  const { publishDirectory } = await import('./publish-directory.js');
  const directory = await publishDirectory(deps);
  // Checked against the store, never the feeds' records: a file deleted from it comes back.
  const report = await publishFeeds(
    deps,
    CHANNELS.map((channel) => ({ region: '*', channel })),
    { verify: true },
  );
  const archives = await mapLimit(allFeeds(deps.site), 4, async (feed) => {
    const [head, pages] = await Promise.all([
      deps.stories.getArchiveHead(feed),
      deps.stories.listArchivePages(feed),
    ]);
    return mapLimit(pages, 4, (page) => publishArchivePage(deps, page, head.pages));
  });
  const archived = archives.flat();
  const recorded = await deps.stories.listStoryPages();
  // Stories listed now have a page even if it was published before pages were recorded.
  const listed = [...report.storyIds, ...archived.flatMap((page) => page.storyIds)];
  const pages = await publishPages(deps, [...recorded, ...listed], { restore: true });
  const written =
    directory.written.length +
    report.written +
    archived.reduce((n, page) => n + page.written.length, 0) +
    pages.written.length;
  return { ...report, written, storyIds: [...new Set([...recorded, ...listed])] };
}
