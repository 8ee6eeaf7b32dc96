import { archiveElements } from './archive-links.js';
import { datelineElements, namespacesOf } from './dateline-extension.js';
import { toRfc822 } from './dates.js';
import type { FeedDocument, FeedImage, FeedItem } from './feed-document.js';
import {
  renderEnvelopeSkeleton,
  renderItemSkeleton,
  renderSkeleton,
  type SkeletonTemplates,
} from './feed-skeleton.js';
import { declareUsedNamespaces } from './namespaces.js';
import {
  childNamed,
  childrenNamed,
  el,
  removeChildren,
  serializeXml,
  setText,
  type XmlElement,
} from './xml.js';

/**
 * RSS 2.0 on feed@6's skeleton, completed: dates in RFC 822 with `+0000`; one `dc:creator`
 * naming every author with the agency, instead of feed@6's `author` (which RSS reserves for
 * e-mail addresses) — one line, because readers such as newsboat keep only the last
 * `dc:creator`; `dc:rights`; Media RSS for the image with its caption and credit next to the one
 * typed `enclosure`; and the `dl:` fields. Items without a page of their own carry no `link`.
 * Only the namespaces the document uses are declared.
 */
export function renderRss(doc: FeedDocument): string {
  const rss = renderSkeleton(doc, 'rss');
  const channel = childNamed(rss, 'channel');
  const items = childrenNamed(channel, 'item');
  completeChannel(channel, doc, items[0]);
  items.forEach((node, index) => {
    completeItem(node, doc.items[index] as FeedItem, doc.extensionNamespace !== undefined);
  });
  declareUsedNamespaces(rss, namespacesOf(doc));
  return serializeXml(rss, doc.stylesheets);
}

/**
 * The RSS document without its items, completed like `renderRss`, with `marker` where the items
 * go; the caller declares the namespaces of the whole (see feed-renderer.ts).
 */
export function rssEnvelope(
  doc: FeedDocument,
  marker: XmlElement,
  templates: SkeletonTemplates,
): XmlElement {
  const rss = renderEnvelopeSkeleton(doc, 'rss', templates);
  const channel = childNamed(rss, 'channel');
  channel.children.push(marker);
  completeChannel(channel, doc, marker);
  return rss;
}

/** One completed `item`, exactly as `renderRss` writes it inside the whole feed. */
export function rssItem(doc: FeedDocument, item: FeedItem, templates: SkeletonTemplates) {
  const node = renderItemSkeleton(doc, item, 'rss', templates);
  completeItem(node, item, doc.extensionNamespace !== undefined);
  return node;
}

/** The build date, and the RFC 5005 links just before `firstItem` (or at the end). */
function completeChannel(channel: XmlElement, doc: FeedDocument, firstItem?: XmlElement): void {
  setText(childNamed(channel, 'lastBuildDate'), toRfc822(doc.updated));
  const at = firstItem ? channel.children.indexOf(firstItem) : -1;
  channel.children.splice(at < 0 ? channel.children.length : at, 0, ...archiveElements(doc, 'rss'));
}

function completeItem(node: XmlElement, item: FeedItem, extended: boolean): void {
  setText(childNamed(node, 'pubDate'), toRfc822(item.published));
  removeChildren(node, (c) => c.name === 'author' || (c.name === 'link' && !item.url));
  node.children.push(
    ...(item.authorLine ? [el('dc:creator', {}, [item.authorLine])] : []),
    ...(item.rights ? [el('dc:rights', {}, [item.rights])] : []),
    ...(item.image ? mediaElements(item.image) : []),
    ...(extended ? datelineElements(item.extension) : []),
  );
}

/** Media RSS: the picture with its caption and credit, and the same picture as thumbnail. */
function mediaElements(image: FeedImage): XmlElement[] {
  const size = { width: image.width, height: image.height };
  return [
    el('media:content', { url: image.url, type: image.type, medium: 'image', ...size }, [
      image.caption === undefined
        ? undefined
        : el('media:description', { type: 'plain' }, [image.caption]),
      image.credit === undefined ? undefined : el('media:credit', {}, [image.credit]),
    ]),
    el('media:thumbnail', { url: image.url, ...size }),
  ];
}
