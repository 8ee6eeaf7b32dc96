import { assertAdmin, type Principal } from '../credentials/scope.js';

export interface RebuildRequestDeps {
  /**
   * Starts a full rebuild without waiting for it (an asynchronous invoke of the publisher on
   * AWS, a background run in local mode); resolves once it is started.
   */
  readonly startRebuild: () => Promise<void>;
}

/**
 * Starts a rebuild of every public file (admin only): feeds, views, archive pages, story pages
 * (live, archived, withdrawn), directory and OPML. A rebuild over a whole bucket writes nothing,
 * so asking twice is harmless.
 */
export async function requestRebuild(deps: RebuildRequestDeps, actor: Principal): Promise<void> {
  assertAdmin(actor, 'start a rebuild');
  await deps.startRebuild();
}
