import { archiveElements } from './archive-links.js';
import { namespacesOf } from './dateline-extension.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import {
  renderEnvelopeSkeleton,
  renderItemSkeleton,
  renderSkeleton,
  type SkeletonTemplates,
} from './feed-skeleton.js';
import { declareUsedNamespaces } from './namespaces.js';
import { childrenNamed, serializeXml, type XmlElement } from './xml.js';

/**
 * What RSS and Atom complete differently on feed@6's skeleton (render-rss.ts, render-atom.ts).
 * The rest is the same for both and done here: the RFC 5005 links just before the first entry,
 * each entry completed, what follows the entries, then the namespaces the document uses.
 */
export interface XmlFeedFormat {
  readonly name: 'rss' | 'atom';
  /** What the entries are called: `item` in RSS, `entry` in Atom. */
  readonly entryName: string;
  /** The element that holds the entries: `channel` in RSS, the root `feed` in Atom. */
  container(root: XmlElement): XmlElement;
  /** The container's own fields (dates, links), completed before the RFC 5005 links go in. */
  completeContainer(container: XmlElement, doc: FeedDocument): void;
  completeEntry(node: XmlElement, item: FeedItem, extended: boolean): void;
  /** Elements after the entries (Atom's deleted entries). */
  trailer(doc: FeedDocument): XmlElement[];
}

/** The whole document in `format`, from feed@6's skeleton of it. */
export function renderXmlFeed(format: XmlFeedFormat, doc: FeedDocument): string {
  const root = renderSkeleton(doc, format.name);
  const container = format.container(root);
  const entries = childrenNamed(container, format.entryName);
  completeContainer(format, container, doc, entries[0]);
  entries.forEach((node, index) => {
    format.completeEntry(node, doc.items[index] as FeedItem, doc.extensionNamespace !== undefined);
  });
  container.children.push(...format.trailer(doc));
  declareUsedNamespaces(root, namespacesOf(doc));
  return serializeXml(root, doc.stylesheets);
}

/**
 * The document without its entries, completed like `renderXmlFeed`, with `marker` where the
 * entries go (before what follows them); the caller declares the namespaces of the whole (see
 * spliced-render.ts).
 */
export function xmlEnvelope(
  format: XmlFeedFormat,
  doc: FeedDocument,
  marker: XmlElement,
  templates: SkeletonTemplates,
): XmlElement {
  const root = renderEnvelopeSkeleton(doc, format.name, templates);
  const container = format.container(root);
  container.children.push(marker);
  completeContainer(format, container, doc, marker);
  container.children.push(...format.trailer(doc));
  return root;
}

/** One completed entry, exactly as `renderXmlFeed` writes it inside the whole feed. */
export function xmlEntry(
  format: XmlFeedFormat,
  doc: FeedDocument,
  item: FeedItem,
  templates: SkeletonTemplates,
): XmlElement {
  const node = renderItemSkeleton(doc, item, format.name, templates);
  format.completeEntry(node, item, doc.extensionNamespace !== undefined);
  return node;
}

/** The container's own fields, then the RFC 5005 links just before `firstEntry` (or at the end). */
function completeContainer(
  format: XmlFeedFormat,
  container: XmlElement,
  doc: FeedDocument,
  firstEntry?: XmlElement,
): void {
  format.completeContainer(container, doc);
  const at = firstEntry ? container.children.indexOf(firstEntry) : -1;
  container.children.splice(
    at < 0 ? container.children.length : at,
    0,
    ...archiveElements(doc, format.name),
  );
}
