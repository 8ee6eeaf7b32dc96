import type { DynamoDBStreamEvent } from 'aws-lambda';
import { publishChanges } from '../../core/use-cases/publish-changes.js';
import type { PublishDeps, PublishReport } from '../../core/use-cases/publish-feeds.js';
import { rebuildAll } from '../../core/use-cases/rebuild-all.js';
import { sweepDue } from '../../core/use-cases/sweep-due.js';
import type { Log } from '../http/ingest-handler.js';
import type { HubNotifier } from '../websub/websub-notifier.js';
import { affectedFeeds, affectedStories } from './affected-feeds.js';

/** What invokes the publisher: the table's stream, the minute sweep, or a full rebuild. */
export type PublishEvent =
  | DynamoDBStreamEvent
  | { readonly source: 'dateline.sweep' }
  | { readonly source: 'dateline.rebuild' };

export interface PublishHandlerDeps extends PublishDeps {
  readonly log: Log;
  readonly notifyHub?: HubNotifier;
}

/**
 * The publish Lambda. A failure is thrown, so Lambda bisects the batch, retries, and finally
 * sends it to the dead letter queue; a render never half-applies, because every file is a
 * compare-and-swap of a complete document.
 */
export function createPublishHandler(deps: PublishHandlerDeps) {
  return async (event: PublishEvent): Promise<PublishReport> => {
    const started = Date.now();
    const kind = 'Records' in event ? 'stream' : event.source;
    const report =
      'Records' in event
        ? await publishChanges(deps, {
            feeds: affectedFeeds(event),
            storyIds: affectedStories(event),
          })
        : event.source === 'dateline.sweep'
          ? await sweepDue(deps)
          : await rebuildAll(deps);
    if (report.changedKeys.length > 0 && deps.notifyHub) {
      await deps.notifyHub(
        report.changedKeys.map((key) => new URL(key, `${deps.feedBaseUrl}/`).href),
      );
    }
    if (report.feeds > 0) {
      deps.log.info('feeds published', {
        kind,
        ...report,
        changedKeys: undefined,
        storyIds: undefined,
        ms: Date.now() - started,
      });
    }
    return report;
  };
}
