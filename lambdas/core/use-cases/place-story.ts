import { archiveUrl, feedUrl } from '../formats/feed-paths.js';
import type { ArchiveSpans, Clock } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import { concreteFeeds, matchesSelection, selectionOf } from '../story/feed-selection.js';
import type { Story } from '../story/story.js';
import { type Visibility, visibilityOf } from '../story/visibility.js';

/**
 * Where one concrete feed will show a story after its next publish: in the feed's live
 * document, or on the archive page whose span holds the story's date (late copy).
 */
export interface Placement {
  /** The concrete feed, `<region or custom feed>/<channel>`. */
  readonly feed: string;
  readonly in: 'feed' | 'archive';
  /** The archive page's number (1 = the oldest), with `in: "archive"`. */
  readonly page?: number;
  /** The Atom document that will list it (`.rss`, `.json` and `.html` sit beside it). */
  readonly url: string;
}

export interface PlacementDeps {
  readonly site: SiteConfig;
  readonly clock: Clock;
  readonly archive: ArchiveSpans;
  readonly feedBaseUrl: string;
}

/**
 * The truth an ingest answer tells: the story's visibility, and for a story readers can read
 * now, one placement per concrete feed it goes to. A story on archive pages only (every feed
 * lists newer stories than it) is `archived`; one in at least one live document stays
 * `visible`. What the table holds now decides: a page that closes at the next publish (its
 * feed reached `itemsPerFeed + archivePageSize`) takes that feed's oldest stories with it.
 */
export async function placeStory(
  deps: PlacementDeps,
  story: Story,
): Promise<{ visibility: Visibility; placements?: Placement[] }> {
  const visibility = visibilityOf(story, deps.clock.now());
  if (visibility !== 'visible') return { visibility };
  const feeds = concreteFeeds(
    deps.site,
    story.regions.map((region) => ({ region, channel: story.channel })),
  ).filter((feed) => matchesSelection(story, selectionOf(deps.site, feed)));
  const pages = await deps.archive.pagesHolding(feeds, story);
  const placements = feeds.map((feed, i): Placement => {
    const name = `${feed.region}/${feed.channel}`;
    const page = pages[i];
    return page
      ? {
          feed: name,
          in: 'archive',
          page: page.number,
          url: archiveUrl(deps.feedBaseUrl, feed, page.number, 'atom'),
        }
      : {
          feed: name,
          in: 'feed',
          url: feedUrl(deps.feedBaseUrl, feed.region, feed.channel, 'atom'),
        };
  });
  const live = placements.some((p) => p.in === 'feed');
  return { visibility: live || placements.length === 0 ? 'visible' : 'archived', placements };
}
