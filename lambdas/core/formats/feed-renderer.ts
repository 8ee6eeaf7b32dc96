import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Tombstone } from '../ports.js';
import type { SiteConfig } from '../site-config.js';
import type { Story } from '../story/story.js';
import {
  buildFeedDocument,
  type FeedContext,
  type FeedDocument,
  type FeedItem,
  toLinkedItem,
} from './feed-document.js';
import type { FeedFormat } from './feed-paths.js';
import type { SkeletonTemplates } from './feed-skeleton.js';
import {
  type RenderedFile,
  renderArchiveFiles,
  renderFeed,
  withPartnerRss,
} from './render-feed-files.js';
import { createSplicedRenderers, type ItemText } from './spliced-render.js';

/** What a renderer did since it was made: for the benchmark, the publish log and tests. */
export interface RenderStats {
  /** Story revisions made into items (each then written once per format), not taken from memory. */
  items: number;
  /** Items taken from memory instead. */
  reused: number;
  /** Item texts written (one per item, format and feed shape). */
  texts: number;
  /** Feed documents rendered, each in all three formats. */
  documents: number;
}

export interface FeedRendererOptions {
  /**
   * About how many bytes the renderer may keep (items and their written bytes); the least
   * recently used story revisions go first. @default 64 MiB
   */
  readonly maxKept?: number;
  /** How many feed@6 skeleton shapes it keeps; @default 500 */
  readonly maxShapes?: number;
}

/**
 * Renders feeds, keeping what it wrote. One renderer lives as long as its publisher (a warm
 * Lambda): a story revision is made into its item and written in each format once, and every
 * later render of every feed that lists it reuses those texts, so a feed is its envelope plus
 * kept items, and a `*` story is written once, not once per region. The bytes are exactly those
 * of `renderFeed(buildFeedDocument(…))` with the whole-document renderers.
 */
export interface FeedRenderer {
  readonly stats: Readonly<RenderStats>;
  /** `toLinkedItem(site, feedBaseUrl, story)`, made once per story revision. */
  item(site: SiteConfig, feedBaseUrl: string, story: Story): FeedItem;
  /** `buildFeedDocument` with items made by `item`. */
  document(
    ctx: FeedContext,
    stories: readonly Story[],
    tombstones: readonly Tombstone[],
  ): FeedDocument;
  /** `renderFeed`: the three files (as UTF-8), and how many of the newest items each holds. */
  renderFeed(doc: FeedDocument): { files: RenderedFile<Buffer>[]; kept: number };
  /** `renderArchiveFiles`: an archive page in the three formats (as UTF-8). */
  renderArchiveFiles(
    doc: FeedDocument,
    keyOf: (format: FeedFormat) => string,
  ): RenderedFile<Buffer>[];
}

interface Kept {
  readonly key: string;
  readonly item: FeedItem;
  readonly texts: Map<string, ItemText>;
  size: number;
}

/** Items have small fields besides their body; this is a generous allowance for them. */
const ITEM_OVERHEAD = 2048;

export function createFeedRenderer(options: FeedRendererOptions = {}): FeedRenderer {
  const stats: RenderStats = { items: 0, reused: 0, texts: 0, documents: 0 };
  const maxSize = options.maxKept ?? 64 * 2 ** 20;
  const kept = new LRUCache<string, Kept>({ maxSize, sizeCalculation: (entry) => entry.size });
  /** The entry an item object was made for: texts are kept only for items made here. */
  const madeHere = new WeakMap<FeedItem, Kept>();
  const templates: SkeletonTemplates = new LRUCache({ max: options.maxShapes ?? 500 });
  const renderers = createSplicedRenderers(
    {
      textOf(item, key, write) {
        const entry = madeHere.get(item);
        const found = entry?.texts.get(key);
        if (found) return found;
        const text = write();
        stats.texts++;
        if (entry) {
          entry.texts.set(key, text);
          entry.size += text.bytes.length;
          // Accounts for the new size, unless the entry has been dropped meanwhile.
          if (kept.peek(entry.key) === entry) kept.set(entry.key, entry);
        }
        return text;
      },
    },
    templates,
  );
  const item = (site: SiteConfig, feedBaseUrl: string, story: Story): FeedItem => {
    const key = `${siteKeyOf(site)}\u0000${feedBaseUrl}\u0000${revisionKeyOf(story)}`;
    const found = kept.get(key);
    if (found) {
      stats.reused++;
      return found.item;
    }
    stats.items++;
    const made = toLinkedItem(site, feedBaseUrl, story);
    const entry: Kept = {
      key,
      item: made,
      texts: new Map(),
      // A body is held as UTF-16 text: two bytes per code unit.
      size: ITEM_OVERHEAD + 2 * (made.contentHtml?.length ?? 0),
    };
    madeHere.set(made, entry);
    kept.set(key, entry);
    return made;
  };
  return {
    stats,
    item,
    document: (ctx, stories, tombstones) =>
      buildFeedDocument(ctx, stories, tombstones, (story) =>
        item(ctx.site, ctx.feedBaseUrl, story),
      ),
    renderFeed(doc) {
      stats.documents++;
      return renderFeed(
        doc,
        withPartnerRss(doc, renderers, (text) => Buffer.from(text, 'utf8')),
      );
    },
    renderArchiveFiles(doc, keyOf) {
      stats.documents++;
      return renderArchiveFiles(doc, keyOf, renderers);
    },
  };
}

/**
 * What identifies a stored revision of a story. A stored story changes only by a new take
 * (`resolveStory`: a new fingerprint and arrival time, with the dates it resolves) or by a kill
 * (`killedAt`, status); every one of those is part of the key.
 */
export function revisionKeyOf(story: Story): string {
  return [
    story.id,
    story.version,
    story.fingerprint,
    story.receivedAt,
    story.publishedAt,
    story.updatedAt ?? '',
    story.killedAt ?? '',
    story.status,
    story.bodyCleanedBy ?? '',
  ].join('\u0000');
}

const siteKeys = new WeakMap<SiteConfig, string>();

/**
 * A digest of every site setting an item may depend on: all but the per-document budgets
 * (an archive page renders with its own `itemsPerFeed`, yet the same items).
 */
function siteKeyOf(site: SiteConfig): string {
  let key = siteKeys.get(site);
  if (key === undefined) {
    const { itemsPerFeed: _i, maxFeedBytes: _m, archivePageSize: _a, ...rest } = site;
    key = createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
    siteKeys.set(site, key);
  }
  return key;
}
