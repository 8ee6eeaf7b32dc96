/**
 * The custom metrics both functions emit (CloudWatch embedded metric format), named once so the
 * alarms and the dashboard in lib/ read exactly what the code writes. Each is emitted with the
 * single dimension `service` = SERVICE_NAME, in the namespace the stack gives the functions.
 */
export const SERVICE_NAME = 'dateline';

export const METRIC = {
  /** A story stored (created, updated or replayed): POST /stories and each story of a batch. */
  storiesIngested: 'StoriesIngested',
  /** A request or batch story answered 4xx; also emitted with a `reason` dimension (error code). */
  storiesRefused: 'StoriesRefused',
  /** An ingest request answered 5xx: the handler's own count, next to API Gateway's. */
  ingestServerErrors: 'IngestServerErrors',
  /** Feeds rendered by one publish (each in three formats). */
  feedsRendered: 'FeedsRendered',
  /** Feed files whose bytes changed and were written. */
  filesWritten: 'FilesWritten',
  /** Compare-and-swap writes lost to another publisher and redone. */
  casRetries: 'CasRetries',
  /** Listings read again because they did not yet show the write that triggered them. */
  staleReads: 'StaleReads',
  /** How long one publish took, from event to the last file written. */
  renderMs: 'RenderMs',
  /**
   * From a story's arrival (its `receivedAt`) to the stream publisher's end: its page written
   * and its feeds queued (or written, without a queue). The queue's age alarm covers the rest.
   */
  ingestToPublishLagMs: 'IngestToPublishLagMs',
  /** A stream or rebuild publish that threw (Lambda then retries or dead-letters it). */
  publishFailures: 'PublishFailures',
  /** A minute sweep that threw (the next sweep repeats its work). */
  sweepFailures: 'SweepFailures',
  /** A minute sweep that ran to the end: the heartbeat alarm fires when it stops. */
  sweepsCompleted: 'SweepsCompleted',
  /** Feeds the stream publisher or the sweep handed to the per-feed queue. */
  feedsQueued: 'FeedsQueued',
  /** How long one feed render took (one per feed-render worker call). */
  feedRenderMs: 'FeedRenderMs',
  /** A feed render that threw (its messages return to the queue, then its dead-letter queue). */
  feedRenderFailures: 'FeedRenderFailures',
  /** A token the authorizer refused (a bad password, not a failure of the authorizer). */
  tokensRefused: 'TokensRefused',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
