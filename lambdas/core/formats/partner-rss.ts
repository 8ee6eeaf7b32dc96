import { escapeXmlText } from '../content/xml-escape.js';
import type { PartnerProfile } from '../site-config.js';
import { toRfc822, toRfc3339 } from './dates.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import { rssFormat } from './render-rss.js';
import { renderXmlFeed, type XmlFeedFormat } from './render-xml-feed.js';
import { childNamed, childrenNamed, el, setText, type XmlElement } from './xml.js';

/**
 * A partner feed's RSS: the reader feed's RSS 2.0 (render-rss.ts), then the rules of the
 * partner's published requirements, each written down with its source in docs/partners.md.
 * Only the RSS of a custom feed that names a `profile` is rendered here; its Atom and JSON Feed,
 * and every other feed, stay the reader feeds, byte for byte.
 */
export function renderPartnerRss(doc: FeedDocument, profile: PartnerProfile): string {
  return renderXmlFeed(PARTNER_FORMATS[profile], doc);
}

/** The largest file each partner takes (UTF-8 bytes); the newest items win. */
export const PARTNER_MAX_BYTES: Readonly<Record<PartnerProfile, number>> = {
  // SmartFormat: the whole file within 1 MB.
  smartnews: 1024 * 1024,
  // Google News Publisher Center: 2 MB per feed.
  'google-news': 2 * 1024 * 1024,
  msn: 2 * 1024 * 1024,
  flipboard: 2 * 1024 * 1024,
};

/** SmartFormat's channel description: 30 characters or less. */
export const SMARTNEWS_DESCRIPTION_MAX = 30;
/** MSN: a title over 150 characters (without a short title) may be removed. */
export const MSN_TITLE_MAX = 150;

type ItemRule = (node: XmlElement, item: FeedItem) => void;
type ChannelRule = (channel: XmlElement, doc: FeedDocument) => void;

function partnerFormat(channelRules: ChannelRule[], itemRules: ItemRule[]): XmlFeedFormat {
  return {
    ...rssFormat,
    completeContainer(channel, doc) {
      rssFormat.completeContainer(channel, doc);
      for (const rule of channelRules) rule(channel, doc);
    },
    completeEntry(node, item, extended) {
      rssFormat.completeEntry(node, item, extended);
      for (const rule of itemRules) rule(node, item);
    },
  };
}

const PARTNER_FORMATS: Readonly<Record<PartnerProfile, XmlFeedFormat>> = {
  smartnews: partnerFormat([channelPubDate, shortDescription, smartNewsLogo], [fullContent]),
  'google-news': partnerFormat([], [fullContent, pubDateIsLastUpdate]),
  msn: partnerFormat([], [fullContent, msnTitle, modifiedDate]),
  flipboard: partnerFormat([], [fullContent]),
};

/**
 * Every item carries `content:encoded`: wire copy its full body (as in the reader feeds); a
 * local teaser, which has no body, its dek (else its headline) as one paragraph, which is the
 * whole of what the newsroom sent. Placed after `description`, as RSS readers expect.
 */
function fullContent(node: XmlElement, item: FeedItem): void {
  if (childrenNamed(node, 'content:encoded').length > 0) return;
  const html = `<p>${escapeXmlText(item.summary ?? item.title)}</p>`;
  const description = childrenNamed(node, 'description')[0];
  const at = description ? node.children.indexOf(description) + 1 : node.children.length;
  node.children.splice(at, 0, el('content:encoded', {}, [html]));
}

/** Google News reads `pubDate` to tell whether an article was modified: the last update. */
function pubDateIsLastUpdate(node: XmlElement, item: FeedItem): void {
  setText(childNamed(node, 'pubDate'), toRfc822(item.updated));
}

/** MSN: titles over 150 characters are cut at a word, with an ellipsis. */
function msnTitle(node: XmlElement, item: FeedItem): void {
  if (item.title.length <= MSN_TITLE_MAX) return;
  setText(childNamed(node, 'title'), shorten(item.title, MSN_TITLE_MAX));
}

/** MSN: an update is flagged by a newer updated date (`dcterms:modified`, RFC 3339). */
function modifiedDate(node: XmlElement, item: FeedItem): void {
  if (Date.parse(item.updated) <= Date.parse(item.published)) return;
  node.children.push(el('dcterms:modified', {}, [toRfc3339(item.updated)]));
}

/** SmartFormat requires the channel's `pubDate` (RFC 822): the feed's last change. */
function channelPubDate(channel: XmlElement, doc: FeedDocument): void {
  const build = childNamed(channel, 'lastBuildDate');
  channel.children.splice(
    channel.children.indexOf(build),
    0,
    el('pubDate', {}, [toRfc822(doc.updated)]),
  );
}

/** SmartFormat: the channel description in 30 characters or less. */
function shortDescription(channel: XmlElement): void {
  const description = childNamed(channel, 'description');
  const text = String(description.children[0] ?? '');
  if (text.length > SMARTNEWS_DESCRIPTION_MAX) {
    setText(description, shorten(text, SMARTNEWS_DESCRIPTION_MAX));
  }
}

/** SmartFormat 2.x: the site's logo for SmartView, `<snf:logo><url>…</url></snf:logo>`. */
function smartNewsLogo(channel: XmlElement, doc: FeedDocument): void {
  if (!doc.logoUrl) return;
  channel.children.push(el('snf:logo', {}, [el('url', {}, [doc.logoUrl])]));
}

/** `text` in at most `max` characters: cut at the last space that fits, then `…`. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  // A head that ends where a word ends is whole; otherwise cut back to the last space.
  if (chars[max - 1] === ' ') return `${head.trimEnd()}…`;
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}
