import type { FeedDocument } from './feed-document.js';
import type { FeedFormat } from './feed-paths.js';
import { el, type XmlElement } from './xml.js';

const TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml' } as const;

/**
 * RFC 5005 links of a feed or archive document in one XML format: `prev-archive` to the next
 * older archive page, and on an archive page `current` (the live feed), `next-archive` to the
 * next newer page when there is one, and `fh:archive`. RSS
 * carries the links as `atom:link`, Atom as its own `link`.
 */
export function archiveElements(doc: FeedDocument, format: 'rss' | 'atom'): XmlElement[] {
  const link = format === 'rss' ? 'atom:link' : 'link';
  const out: XmlElement[] = [];
  const add = (rel: string, urls: Readonly<Record<FeedFormat, string>> | undefined) => {
    if (urls) out.push(el(link, { rel, type: TYPES[format], href: urls[format] }));
  };
  add('current', doc.currentUrls);
  add('prev-archive', doc.prevArchiveUrls);
  add('next-archive', doc.nextArchiveUrls);
  if (doc.currentUrls) out.push(el('fh:archive'));
  return out;
}
