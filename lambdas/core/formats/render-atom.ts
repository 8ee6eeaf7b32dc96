import { archiveElements } from './archive-links.js';
import { datelineElements, namespacesOf } from './dateline-extension.js';
import { toRfc3339 } from './dates.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import {
  renderEnvelopeSkeleton,
  renderItemSkeleton,
  renderSkeleton,
  type SkeletonTemplates,
} from './feed-skeleton.js';
import { declareUsedNamespaces } from './namespaces.js';
import { childNamed, childrenNamed, el, serializeXml, setText, type XmlElement } from './xml.js';

/**
 * Atom 1.0 on feed@6's skeleton, completed: `xml:lang`, RFC 3339 dates, headline and dek as
 * `type="text"` (feed@6 marks them HTML, which would let markup in a headline execute), typed
 * links, one enclosure link with the real image type (its caption as the link title), one
 * `author` per person with the agency, a `summary` for every entry (wire copy sent without a dek
 * gets its lead paragraph), the `dl:` fields, and an RFC 6721 `at:deleted-entry` for each recent
 * kill. Only the namespaces the document uses are declared (`at:` only with a tombstone).
 */
export function renderAtom(doc: FeedDocument): string {
  const feed = renderSkeleton(doc, 'atom');
  const entries = childrenNamed(feed, 'entry');
  completeFeed(feed, doc, entries[0]);
  entries.forEach((node, index) => {
    completeEntry(node, doc.items[index] as FeedItem, doc.extensionNamespace !== undefined);
  });
  feed.children.push(...tombstonesOf(doc));
  declareUsedNamespaces(feed, namespacesOf(doc));
  return serializeXml(feed, doc.stylesheets);
}

/**
 * The Atom document without its entries, completed like `renderAtom`, with `marker` where the
 * entries go (before the tombstones); the caller declares the namespaces of the whole.
 */
export function atomEnvelope(
  doc: FeedDocument,
  marker: XmlElement,
  templates: SkeletonTemplates,
): XmlElement {
  const feed = renderEnvelopeSkeleton(doc, 'atom', templates);
  feed.children.push(marker);
  completeFeed(feed, doc, marker);
  feed.children.push(...tombstonesOf(doc));
  return feed;
}

/** One completed `entry`, exactly as `renderAtom` writes it inside the whole feed. */
export function atomEntry(doc: FeedDocument, item: FeedItem, templates: SkeletonTemplates) {
  const node = renderItemSkeleton(doc, item, 'atom', templates);
  completeEntry(node, item, doc.extensionNamespace !== undefined);
  return node;
}

/** Language, date, typed links, and the RFC 5005 links just before `firstEntry`. */
function completeFeed(feed: XmlElement, doc: FeedDocument, firstEntry?: XmlElement): void {
  feed.attrs['xml:lang'] = doc.language;
  setText(childNamed(feed, 'updated'), toRfc3339(doc.updated));
  for (const link of childrenNamed(feed, 'link')) {
    if (link.attrs.rel === 'self') link.attrs.type = 'application/atom+xml';
    if (link.attrs.rel === 'alternate') link.attrs.type = 'text/html';
  }
  const at = firstEntry ? feed.children.indexOf(firstEntry) : -1;
  feed.children.splice(at < 0 ? feed.children.length : at, 0, ...archiveElements(doc, 'atom'));
}

function tombstonesOf(doc: FeedDocument): XmlElement[] {
  return doc.tombstones.map((t) => el('at:deleted-entry', { ref: t.ref, when: toRfc3339(t.when) }));
}

function completeEntry(node: XmlElement, item: FeedItem, extended: boolean): void {
  if (item.language) node.attrs['xml:lang'] = item.language;
  childNamed(node, 'title').attrs.type = 'text';
  for (const summary of childrenNamed(node, 'summary')) summary.attrs.type = 'text';
  setText(childNamed(node, 'updated'), toRfc3339(item.updated));
  setText(childNamed(node, 'published'), toRfc3339(item.published));
  node.children = node.children.flatMap((child) => {
    if (typeof child === 'string' || child.name !== 'link') return [child];
    return child.attrs.rel === 'enclosure' ? enclosureLink(item) : alternateLink(item);
  });
  if (!item.url && !item.contentHtml) {
    // An entry with neither an alternate link nor content is invalid Atom (RFC 4287 4.1.2).
    node.children.push(el('content', { type: 'text' }, [item.summary ?? item.title]));
  }
  if (extended) node.children.push(...datelineElements(item.extension));
}

function alternateLink(item: FeedItem): XmlElement[] {
  return item.url ? [el('link', { rel: 'alternate', type: 'text/html', href: item.url })] : [];
}

function enclosureLink(item: FeedItem): XmlElement[] {
  const image = item.image;
  if (!image) return [];
  const credit = image.credit && `(${image.credit.replace(/^\((.*)\)$/, '$1')})`;
  const title = [image.caption, credit].filter(Boolean).join(' ') || undefined;
  return [el('link', { rel: 'enclosure', type: image.type, href: image.url, title })];
}
