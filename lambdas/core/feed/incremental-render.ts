import { DATELINE_PREFIX } from './dateline-extension.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import type { SkeletonTemplates } from './feed-skeleton.js';
import { declareNamespaces, KNOWN_NAMESPACES, prefixesIn } from './namespaces.js';
import { atomEntry, atomEnvelope } from './render-atom.js';
import type { FeedRenderers } from './render-feed-files.js';
import { assembleJsonFeed, jsonFeedItem } from './render-json-feed.js';
import { rssEnvelope, rssItem } from './render-rss.js';
import { el, serializeElement, serializeXml, type XmlElement } from './xml.js';

/** An item written once: its text in each format, and the XML prefixes it uses. */
interface ItemTexts {
  rss?: XmlItemText;
  atom?: XmlItemText;
  json?: { readonly text: string; readonly bytes: number };
}

interface XmlItemText {
  readonly text: string;
  /** UTF-8 size of the text, so a feed's size is known without measuring the whole. */
  readonly bytes: number;
  readonly prefixes: ReadonlySet<string>;
}

/** How deep each format's items sit, as `serializeXml` indents them. */
const ITEM_INDENT = { rss: '    ', atom: '  ' } as const;
const MARKER = 'dateline-items';

/**
 * Renderers that give the very bytes of `renderRss`, `renderAtom` and `renderJsonFeed`, but
 * write each item once and keep it: a feed is its envelope (rendered every time, it is small)
 * with the kept item texts spliced in where `serializeXml` would write them. Items are kept by
 * object: a `FeedItem` is immutable, and the caller hands the same object for the same story
 * revision. `onItem` counts items written (all three formats of one item count once).
 */
export function createIncrementalRenderers(onItem: () => void): FeedRenderers {
  const texts = new WeakMap<FeedItem, ItemTexts>();
  const templates: SkeletonTemplates = new Map();
  const textsOf = (item: FeedItem) => {
    let found = texts.get(item);
    if (!found) {
      found = {};
      texts.set(item, found);
      onItem();
    }
    return found;
  };
  const xml = (format: 'rss' | 'atom') => (doc: FeedDocument) => {
    const items = doc.items.map((item) => {
      const kept = textsOf(item);
      kept[format] ??= written(format, doc, item, templates);
      return kept[format];
    });
    const marker = el(MARKER);
    const root =
      format === 'rss' ? rssEnvelope(doc, marker, templates) : atomEnvelope(doc, marker, templates);
    const prefixes = prefixesIn(root);
    for (const item of items) for (const prefix of item.prefixes) prefixes.add(prefix);
    declareNamespaces(root, prefixes, {
      ...KNOWN_NAMESPACES,
      [DATELINE_PREFIX]: doc.extensionNamespace,
    });
    const envelope = serializeXml(root, doc.stylesheets);
    const at = `\n${ITEM_INDENT[format]}<${MARKER}/>`;
    const [head = '', tail = ''] = envelope.split(at);
    const text = [head, ...items.map((item) => item.text), ''].join('\n') + tail.slice(1);
    return { text, bytes: sizeOf(head) + sizeOf(tail) + sum(items.map((i) => i.bytes + 1)) };
  };
  return {
    rss: xml('rss'),
    atom: xml('atom'),
    json: (doc) =>
      assembleJsonFeed(
        doc,
        doc.items.map((item) => {
          const kept = textsOf(item);
          kept.json ??= sized(jsonFeedItem(item));
          return kept.json;
        }),
      ),
  };
}

function written(
  format: 'rss' | 'atom',
  doc: FeedDocument,
  item: FeedItem,
  templates: SkeletonTemplates,
) {
  const node: XmlElement =
    format === 'rss' ? rssItem(doc, item, templates) : atomEntry(doc, item, templates);
  return { ...sized(serializeElement(node, ITEM_INDENT[format])), prefixes: prefixesIn(node) };
}

function sized(text: string) {
  return { text, bytes: sizeOf(text) };
}

function sizeOf(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
