import { datelineElements } from './dateline-extension.js';
import { toRfc3339 } from './dates.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import { renderXmlFeed, type XmlFeedFormat } from './render-xml-feed.js';
import { childNamed, childrenNamed, el, setText, type XmlElement } from './xml.js';

/**
 * Atom 1.0 on feed@6's skeleton, completed: `xml:lang`, RFC 3339 dates, headline and dek as
 * `type="text"` (feed@6 marks them HTML, which would let markup in a headline execute), typed
 * links, one enclosure link with the real image type (its caption as the link title), one
 * `author` per person with the agency, a `summary` for every entry (wire copy sent without a dek
 * gets its lead paragraph), the `dl:` fields, and an RFC 6721 `at:deleted-entry` for each recent
 * kill. Only the namespaces the document uses are declared (`at:` only with a tombstone).
 */
export function renderAtom(doc: FeedDocument): string {
  return renderXmlFeed(atomFormat, doc);
}

/** Atom's part of `renderXmlFeed`: the root `feed` holds the entries, tombstones follow them. */
export const atomFormat: XmlFeedFormat = {
  name: 'atom',
  entryName: 'entry',
  container: (feed) => feed,
  completeContainer: completeFeed,
  completeEntry,
  trailer: tombstonesOf,
};

/** Language, date, and typed links. */
function completeFeed(feed: XmlElement, doc: FeedDocument): void {
  feed.attrs['xml:lang'] = doc.language;
  setText(childNamed(feed, 'updated'), toRfc3339(doc.updated));
  for (const link of childrenNamed(feed, 'link')) {
    if (link.attrs.rel === 'self') link.attrs.type = 'application/atom+xml';
    if (link.attrs.rel === 'alternate') link.attrs.type = 'text/html';
  }
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
