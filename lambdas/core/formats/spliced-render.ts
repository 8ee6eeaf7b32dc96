import { namespacesOf } from './dateline-extension.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import type { SkeletonTemplates } from './feed-skeleton.js';
import { declareNamespaces, prefixesIn } from './namespaces.js';
import { atomFormat } from './render-atom.js';
import type { FeedRenderers } from './render-feed-files.js';
import { assembleJsonFeed, jsonFeedItem } from './render-json-feed.js';
import { rssFormat } from './render-rss.js';
import { xmlEntry, xmlEnvelope } from './render-xml-feed.js';
import { el, serializeElement, serializeXml } from './xml.js';

/** One item written in one format: its UTF-8 bytes, and the XML prefixes it uses. */
export interface ItemText {
  readonly bytes: Buffer;
  readonly prefixes: ReadonlySet<string>;
}

/** Where written items are kept: `textOf` answers the kept text, or keeps what `write` gives. */
export interface ItemTexts {
  textOf(item: FeedItem, key: string, write: () => ItemText): ItemText;
}

/** How deep each format's items sit, as `serializeXml` indents them. */
const ITEM_INDENT = { rss: '    ', atom: '  ' } as const;
const XML_FORMATS = { rss: rssFormat, atom: atomFormat } as const;
const MARKER = 'dateline-items';
const NO_PREFIXES: ReadonlySet<string> = new Set();
const NEWLINE = Buffer.from('\n', 'utf8');

/**
 * Renderers that give the very bytes of `renderRss`, `renderAtom` and `renderJsonFeed` (as UTF-8,
 * which is what the store writes), but write each item on its own and ask `texts` for it first:
 * a feed is its envelope (written every time; it is small) with the items' bytes spliced in
 * where `serializeXml` would write them, so a render copies bytes instead of building text. An
 * item's text depends on the item and, in RSS and Atom, on the few document fields its skeleton
 * reads (home page, region scheme, whether the `dl:` fields are carried): those are its key.
 * RSS and Atom structure still comes from feed@6, through `templates` (one per shape).
 */
export function createSplicedRenderers(
  texts: ItemTexts,
  templates: SkeletonTemplates,
): FeedRenderers<Buffer> {
  const xml = (format: 'rss' | 'atom') => (doc: FeedDocument) => {
    const key = `${format}\u0000${doc.homePageUrl}\u0000${doc.regionScheme}\u0000${doc.extensionNamespace ?? ''}`;
    const items = doc.items.map((item) =>
      texts.textOf(item, key, () => {
        const node = xmlEntry(XML_FORMATS[format], doc, item, templates);
        return itemText(serializeElement(node, ITEM_INDENT[format]), prefixesIn(node));
      }),
    );
    const marker = el(MARKER);
    const root = xmlEnvelope(XML_FORMATS[format], doc, marker, templates);
    const prefixes = prefixesIn(root);
    for (const item of items) for (const prefix of item.prefixes) prefixes.add(prefix);
    declareNamespaces(root, prefixes, namespacesOf(doc));
    const [head = '', tail = ''] = serializeXml(root, doc.stylesheets).split(
      `\n${ITEM_INDENT[format]}<${MARKER}/>`,
    );
    const parts: Buffer[] = [Buffer.from(head, 'utf8')];
    for (const item of items) parts.push(NEWLINE, item.bytes);
    parts.push(Buffer.from(tail, 'utf8'));
    return Buffer.concat(parts);
  };
  return {
    rss: xml('rss'),
    atom: xml('atom'),
    json: (doc) =>
      assembleJsonFeed(
        doc,
        doc.items.map(
          (item) =>
            texts.textOf(item, 'json', () => itemText(jsonFeedItem(item), NO_PREFIXES)).bytes,
        ),
      ),
  };
}

function itemText(text: string, prefixes: ReadonlySet<string>): ItemText {
  return { bytes: Buffer.from(text, 'utf8'), prefixes };
}
