import { CHANNELS } from '../story.js';
import { publishDirectory } from './publish-directory.js';
import { type PublishDeps, type PublishReport, publishFeeds } from './publish-feeds.js';

/** Renders every feed of every region and the directory: after a deploy or a config change. */
export async function rebuildAll(deps: PublishDeps): Promise<PublishReport> {
  await publishDirectory(deps);
  return publishFeeds(
    deps,
    CHANNELS.map((channel) => ({ region: '*', channel })),
  );
}
