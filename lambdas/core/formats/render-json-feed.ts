import { DATELINE_JSON_KEY, datelineJson } from './dateline-extension.js';
import { toRfc3339 } from './dates.js';
import type { FeedAuthor, FeedDocument, FeedItem } from './feed-document.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * JSON Feed 1.1, written directly (feed@6 only knows 1.0: no `authors`, no `language`). Only
 * `content_html` carries HTML; titles, summaries and names are plain text. A local teaser has no
 * body, so its dek is its `content_text` (1.1 requires one of the two). `JSON.stringify` does
 * all escaping; every string was cleaned of XML-forbidden characters before, so the three
 * formats carry the same text.
 */
export function renderJsonFeed(doc: FeedDocument): string {
  return `${JSON.stringify(jsonFeedObject(doc, doc.items.map(item)), null, 2)}\n`;
}

/** One item as `renderJsonFeed` writes it inside the whole feed (indented for the `items` list). */
export function jsonFeedItem(entry: FeedItem): string {
  return JSON.stringify(item(entry), null, 2).replace(/\n/g, `\n${ITEM_INDENT}`);
}

/**
 * The feed with items already written by `jsonFeedItem`, as UTF-8 bytes: the bytes of
 * `renderJsonFeed`, without building the whole text.
 */
export function assembleJsonFeed(doc: FeedDocument, items: readonly Buffer[]): Buffer {
  if (items.length === 0) return Buffer.from(renderJsonFeed({ ...doc, items: [] }), 'utf8');
  const envelope = JSON.stringify(jsonFeedObject(doc, [ITEMS_MARKER]), null, 2);
  const [head = '', tail = ''] = envelope.split(JSON.stringify(ITEMS_MARKER));
  const parts: Buffer[] = [Buffer.from(head, 'utf8')];
  items.forEach((item, index) => {
    if (index > 0) parts.push(ITEM_SEPARATOR);
    parts.push(item);
  });
  parts.push(Buffer.from(`${tail}\n`, 'utf8'));
  return Buffer.concat(parts);
}

/** Where `JSON.stringify(…, null, 2)` puts an element of the top-level `items` list. */
const ITEM_INDENT = '    ';
const ITEM_SEPARATOR = Buffer.from(`,\n${ITEM_INDENT}`, 'utf8');
/** A string no item can be: the envelope's `items` list holds it while the items are spliced in. */
const ITEMS_MARKER = '\u0000dateline-items\u0000';

function jsonFeedObject(doc: FeedDocument, items: readonly unknown[]) {
  return {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homePageUrl,
    feed_url: doc.feedUrls.json,
    description: doc.description,
    icon: doc.iconUrl ?? doc.logoUrl,
    favicon: doc.iconUrl,
    authors: [author(doc.author)],
    language: doc.language,
    hubs: doc.hubUrl ? [{ type: 'WebSub', url: doc.hubUrl }] : undefined,
    // JSON Feed pagination: the next (older) items are the newest archive page.
    next_url: doc.prevArchiveUrls?.json,
    [DATELINE_JSON_KEY]: {
      about: doc.extensionAbout,
      region: doc.feed.region,
      channel: doc.feed.channel,
      updated: toRfc3339(doc.updated),
    },
    items,
  };
}

function item(entry: FeedItem): Record<string, unknown> {
  const tags = [...new Set([...entry.categories, ...entry.regions.map((r) => r.name)])];
  return {
    id: entry.id,
    url: entry.url,
    title: entry.title,
    summary: entry.summary,
    ...(entry.contentHtml === undefined
      ? { content_text: entry.summary ?? entry.title }
      : { content_html: entry.contentHtml }),
    image: entry.image?.url,
    date_published: toRfc3339(entry.published),
    date_modified: toRfc3339(entry.updated),
    authors: entry.authors.length > 0 ? entry.authors.map(author) : undefined,
    tags: tags.length > 0 ? tags : undefined,
    language: entry.language,
    [DATELINE_JSON_KEY]: {
      ...datelineJson(entry.extension),
      ...(entry.rights === undefined ? {} : { rights: entry.rights }),
      ...(entry.image === undefined ? {} : { image: imageJson(entry) }),
    },
  };
}

function author(value: FeedAuthor): Record<string, string | undefined> {
  return { name: value.name, url: value.url };
}

/** Type, caption and credit of the image, which JSON Feed's `image` (a URL) cannot hold. */
function imageJson(entry: FeedItem): Record<string, unknown> | undefined {
  const image = entry.image;
  if (!image) return undefined;
  const { url: _url, ...rest } = image;
  return rest;
}
