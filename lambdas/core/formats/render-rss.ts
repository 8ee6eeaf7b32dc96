import { datelineElements } from './dateline-extension.js';
import { toRfc822 } from './dates.js';
import type { FeedDocument, FeedImage, FeedItem } from './feed-document.js';
import { renderXmlFeed, type XmlFeedFormat } from './render-xml-feed.js';
import { childNamed, el, removeChildren, setText, type XmlElement } from './xml.js';

/**
 * RSS 2.0 on feed@6's skeleton, completed: dates in RFC 822 with `+0000`; one `dc:creator`
 * naming every author with the agency, instead of feed@6's `author` (which RSS reserves for
 * e-mail addresses) — one line, because readers such as newsboat keep only the last
 * `dc:creator`; `dc:rights`; Media RSS for the image with its caption and credit next to the one
 * typed `enclosure`; and the `dl:` fields. Items without a page of their own carry no `link`.
 * Only the namespaces the document uses are declared.
 */
export function renderRss(doc: FeedDocument): string {
  return renderXmlFeed(rssFormat, doc);
}

/** RSS's part of `renderXmlFeed`: the `channel` holds the items, nothing follows them. */
export const rssFormat: XmlFeedFormat = {
  name: 'rss',
  entryName: 'item',
  container: (rss) => childNamed(rss, 'channel'),
  completeContainer: completeChannel,
  completeEntry: completeItem,
  trailer: () => [],
};

/** The build date. */
function completeChannel(channel: XmlElement, doc: FeedDocument): void {
  setText(childNamed(channel, 'lastBuildDate'), toRfc822(doc.updated));
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
