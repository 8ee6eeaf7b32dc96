import { archiveElements, FEED_HISTORY_NAMESPACE } from './archive-links.js';
import { DATELINE_NAMESPACE, datelineElements } from './dateline-extension.js';
import { toRfc822 } from './dates.js';
import type { FeedDocument, FeedImage, FeedItem } from './feed-document.js';
import { renderSkeleton } from './feed-skeleton.js';
import {
  childNamed,
  childrenNamed,
  el,
  removeChildren,
  serializeXml,
  setText,
  type XmlElement,
} from './xml.js';

const NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
  'xmlns:dl': DATELINE_NAMESPACE,
} as const;

/**
 * RSS 2.0 on feed@6's skeleton, completed: dates in RFC 822 with `+0000`, `dc:creator` per
 * byline instead of feed@6's `author` (which RSS reserves for e-mail addresses), `dc:rights`,
 * Media RSS for the image next to the one typed `enclosure`, and the `dl:` fields. Items without
 * a page of their own carry no `link`.
 */
export function renderRss(doc: FeedDocument): string {
  const rss = renderSkeleton(doc, 'rss');
  Object.assign(rss.attrs, NAMESPACES);
  if (doc.currentUrls) rss.attrs['xmlns:fh'] = FEED_HISTORY_NAMESPACE;
  const channel = childNamed(rss, 'channel');
  setText(childNamed(channel, 'lastBuildDate'), toRfc822(doc.updated));
  const firstItem = channel.children.findIndex((c) => typeof c !== 'string' && c.name === 'item');
  channel.children.splice(
    firstItem < 0 ? channel.children.length : firstItem,
    0,
    ...archiveElements(doc, 'rss'),
  );
  childrenNamed(channel, 'item').forEach((node, index) => {
    completeItem(node, doc.items[index] as FeedItem);
  });
  return serializeXml(rss, doc.stylesheets);
}

function completeItem(node: XmlElement, item: FeedItem): void {
  setText(childNamed(node, 'pubDate'), toRfc822(item.published));
  removeChildren(node, (c) => c.name === 'author' || (c.name === 'link' && !item.url));
  node.children.push(
    ...item.authors.map((author) => el('dc:creator', {}, [author.name])),
    ...(item.rights ? [el('dc:rights', {}, [item.rights])] : []),
    ...(item.image ? mediaElements(item.image) : []),
    ...datelineElements(item.extension),
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
