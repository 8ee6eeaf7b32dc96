import type { Clock } from '../ports.js';
import type { SharedReads } from '../story/feed-selection.js';

/**
 * A batch of renders that begin together: its listings share their reads (`shared`) and are
 * made as of `now`, taken when the batch began. Only a first read uses it: a retry or a stale
 * re-read reads on its own, as of its own time. (A file of its own, importing types only, so the
 * render Lambda's entry can start one without loading the use cases at cold start.)
 */
export interface Batch {
  readonly shared: SharedReads;
  readonly now: Date;
}

export function startBatch(deps: { readonly clock: Clock }): Batch {
  return { shared: { reads: new Map() }, now: deps.clock.now() };
}
