import type { FeedRenderer } from '../formats/feed-renderer.js';
import { createFeedRenderer } from '../formats/feed-renderer.js';
import type {
  ArchiveSpans,
  ArchiveStore,
  Clock,
  FeedStore,
  SitemapStore,
  StoryStore,
} from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import type { FeedRef } from '../story/story.js';

export interface PublishDeps {
  readonly stories: StoryStore & ArchiveStore & ArchiveSpans & SitemapStore;
  readonly feeds: FeedStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  /** Public base URL of the feed files (the CloudFront URL on AWS, the local server locally). */
  readonly feedBaseUrl: string;
  /** How many feeds render at once; @default 8 */
  readonly concurrency?: number;
  /** Waits before a stale listing is read again; @default no wait */
  readonly backoff?: (attempt: number) => Promise<void>;
  /**
   * Renders and keeps items across publishes (one per warm publisher); @default one for each
   * publish, so a story shared by many feeds is still written once per publish.
   */
  readonly renderer?: FeedRenderer;
  /**
   * Hands changed feeds (concrete: `*` expanded) to the per-feed queue instead of rendering
   * them here: each is then rendered by one worker at a time (adapters/queue). A rebuild still
   * renders every feed itself. @default render here
   */
  readonly dispatchFeeds?: (feeds: readonly FeedRef[]) => Promise<void>;
}

/** The deps with a renderer: the publisher's own, or a new one for this publish alone. */
export function withRenderer(deps: PublishDeps): PublishDeps & { renderer: FeedRenderer } {
  return deps.renderer
    ? { ...deps, renderer: deps.renderer }
    : { ...deps, renderer: createFeedRenderer() };
}
