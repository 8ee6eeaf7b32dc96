import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { wellFormednessErrors } from './strict-xml.js';

/** One item as both parsers must agree on it. */
export interface ReadItem {
  readonly id: string | undefined;
  readonly title: string | undefined;
  readonly link: string | undefined;
  readonly published: string | undefined;
}

/** Throws with the problems found unless `xml` is well-formed XML 1.0. */
export function expectWellFormed(xml: string): void {
  const errors = wellFormednessErrors(xml);
  if (errors.length > 0) throw new Error(`not well-formed: ${errors.join('; ')}`);
}

/**
 * Reads an RSS or Atom document with two independent parsers, `@rowanmanning/feed-parser` and
 * `rss-parser`, after checking well-formedness strictly (see strict-xml.ts).
 */
export async function readWithBothParsers(xml: string) {
  expectWellFormed(xml);
  const rowan = parseFeed(xml);
  const rss = await new Parser({ customFields: { item: ['dc:creator', 'dc:rights'] } }).parseString(
    xml,
  );
  return {
    rowan,
    rss,
    rowanItems: rowan.items.map(
      (i): ReadItem => ({
        id: i.id ?? undefined,
        title: i.title ?? undefined,
        link: i.url ?? undefined,
        published: i.published?.toISOString(),
      }),
    ),
    rssItems: rss.items.map(
      (i): ReadItem => ({
        id: i.guid ?? (i as { id?: string }).id ?? undefined,
        title: i.title ?? undefined,
        link: i.link ?? undefined,
        published: i.isoDate ?? undefined,
      }),
    ),
  };
}

/**
 * The document as plain objects (fast-xml-parser): attributes under `@name`, text under `#text`
 * when an element has attributes, repeatable elements (and Atom links) always arrays.
 */
export function xmlObject(xml: string): Record<string, unknown> {
  const repeatable = new Set([
    'item',
    'entry',
    'category',
    'atom:link',
    'dc:creator',
    'author',
    'enclosure',
    'media:content',
    'media:thumbnail',
    'dl:region',
    'at:deleted-entry',
    'outline',
  ]);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    htmlEntities: true,
    isArray: (name, jpath) => repeatable.has(name) || /^feed\.(entry\.)?link$/.test(String(jpath)),
  }).parse(xml) as Record<string, unknown>;
}

/** The value at a dotted path (`rss.channel.item.0.title`), or undefined. */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => {
    if (node === null || typeof node !== 'object') return undefined;
    return (node as Record<string, unknown>)[key];
  }, value);
}
