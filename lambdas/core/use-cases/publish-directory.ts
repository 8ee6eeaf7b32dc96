import { PreconditionFailedError } from '../errors.js';
import type { FeedStore } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { renderDirectoryFiles } from '../web/directory.js';
import { writeChanged } from './write-changed.js';

/** Writes the feed directory (`index.html`, `feeds.opml`, the XSLT stylesheet) if it changed. */
export async function publishDirectory(deps: {
  readonly feeds: FeedStore;
  readonly site: SiteConfig;
  readonly feedBaseUrl: string;
}): Promise<{ written: string[] }> {
  const files = renderDirectoryFiles(deps.site, deps.feedBaseUrl);
  for (let attempt = 0; ; attempt++) {
    const current = new Map(
      await Promise.all(files.map(async (f) => [f.key, await deps.feeds.get(f.key)] as const)),
    );
    try {
      return { written: (await writeChanged(deps.feeds, files, current)).written };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
    }
  }
}
