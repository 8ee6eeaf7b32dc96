import { PreconditionFailedError } from '../errors.js';
import type { FeedStore } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { renderDirectoryFiles } from '../web/directory.js';
import { headAll } from './live-files.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { writeChanged } from './write-changed.js';

/** Writes tried before lost races fail the publish: this writer's limit, not the default 10. */
const MAX_ATTEMPTS = 6;

/** Writes the feed directory (`index.html`, `feeds.opml`, the XSLT stylesheet) if it changed. */
export async function publishDirectory(deps: {
  readonly feeds: FeedStore;
  readonly site: SiteConfig;
  readonly feedBaseUrl: string;
}): Promise<{ written: string[] }> {
  const files = renderDirectoryFiles(deps.site, deps.feedBaseUrl);
  return retryOnConflict(
    async () => {
      const current = await headAll(
        deps.feeds,
        files.map((f) => f.key),
      );
      return { written: (await writeChanged(deps.feeds, files, current)).written };
    },
    { isLostRace: (error) => error instanceof PreconditionFailedError, maxAttempts: MAX_ATTEMPTS },
  );
}
