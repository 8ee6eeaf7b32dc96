import { namespacesOf } from './dateline-extension.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import type { SkeletonTemplates } from './feed-skeleton.js';
import { declareNamespaces, prefixesIn } from './namespaces.js';
import { atomEntry, atomEnvelope } from './render-atom.js';
import type { FeedRenderers } from './render-feed-files.js';
import { assembleJsonFeed, jsonFeedItem } from './render-json-feed.js';
import { rssEnvelope, rssItem } from './render-rss.js';
import { el, serializeElement, serializeXml } from './xml.js';

/** One item written in one format: its text, UTF-8 size, and the XML prefixes it uses. */
export interface ItemText {
  readonly text: string;
  readonly bytes: number;
  readonly prefixes: ReadonlySet<string>;
}

/** Where written items are kept: `textOf` answers the kept text, or keeps what `write` gives. */
export interface ItemTexts {
  textOf(item: FeedItem, key: string, write: () => ItemText): ItemText;
}

/** How deep each format's items sit, as `serializeXml` indents them. */
const ITEM_INDENT = { rss: '    ', atom: '  ' } as const;
const MARKER = 'dateline-items';
const NO_PREFIXES: ReadonlySet<string> = new Set();

/**
 * Renderers that give the very bytes of `renderRss`, `renderAtom` and `renderJsonFeed`, but
 * write each item on its own and ask `texts` for it first: a feed is its envelope (written every
 * time; it is small) with the item texts spliced in where `serializeXml` would write them. An
 * item's text depends on the item and, in RSS and Atom, on the few document fields its skeleton
 * reads (home page, region scheme, whether the `dl:` fields are carried): those are its key.
 * RSS and Atom structure still comes from feed@6, through `templates` (one per shape).
 */
export function createSplicedRenderers(
  texts: ItemTexts,
  templates: SkeletonTemplates,
): FeedRenderers {
  const xml = (format: 'rss' | 'atom') => (doc: FeedDocument) => {
    const key = `${format}\u0000${doc.homePageUrl}\u0000${doc.regionScheme}\u0000${doc.extensionNamespace ?? ''}`;
    const items = doc.items.map((item) =>
      texts.textOf(item, key, () => {
        const node =
          format === 'rss' ? rssItem(doc, item, templates) : atomEntry(doc, item, templates);
        return sized(serializeElement(node, ITEM_INDENT[format]), prefixesIn(node));
      }),
    );
    const marker = el(MARKER);
    const root =
      format === 'rss' ? rssEnvelope(doc, marker, templates) : atomEnvelope(doc, marker, templates);
    const prefixes = prefixesIn(root);
    for (const item of items) for (const prefix of item.prefixes) prefixes.add(prefix);
    declareNamespaces(root, prefixes, namespacesOf(doc));
    const [head = '', tail = ''] = serializeXml(root, doc.stylesheets).split(
      `\n${ITEM_INDENT[format]}<${MARKER}/>`,
    );
    const text = [head, ...items.map((item) => item.text), ''].join('\n') + tail.slice(1);
    return { text, bytes: sizeOf(head) + sizeOf(tail) + sum(items.map((i) => i.bytes + 1)) };
  };
  return {
    rss: xml('rss'),
    atom: xml('atom'),
    json: (doc) =>
      assembleJsonFeed(
        doc,
        doc.items.map((item) =>
          texts.textOf(item, 'json', () => sized(jsonFeedItem(item), NO_PREFIXES)),
        ),
      ),
  };
}

/** Keeps nothing: every item is written for every render (archive pages of teasers). */
export const WRITE_EVERY_TIME: ItemTexts = { textOf: (_item, _key, write) => write() };

function sized(text: string, prefixes: ReadonlySet<string>): ItemText {
  return { text, bytes: sizeOf(text), prefixes };
}

function sizeOf(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
