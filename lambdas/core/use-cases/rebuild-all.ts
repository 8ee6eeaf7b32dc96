import { CHANNELS } from '../story-rules.js';
import { type PublishDeps, type PublishReport, publishFeeds } from './publish-feeds.js';

/** Renders every feed of every region and the directory: after a deploy or a config change. */
export async function rebuildAll(deps: PublishDeps): Promise<PublishReport> {
  // Loaded here, not at cold start: only a deploy's rebuild renders the directory.
  const { publishDirectory } = await import('./publish-directory.js');
  await publishDirectory(deps);
  return publishFeeds(
    deps,
    CHANNELS.map((channel) => ({ region: '*', channel })),
  );
}
