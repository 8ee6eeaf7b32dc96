import type { SiteConfig } from '../site-config.js';
import type { StoryStatus } from '../story/story.js';
import { KNOWN_NAMESPACES } from './namespaces.js';
import { el, type XmlElement } from './xml.js';

/**
 * The XML namespace of Dateline's own item fields in RSS and Atom: a URL under the configured
 * site (`https://news.example.com/ns/dateline/1.0`), which the site owns, so it clashes with no
 * one. A namespace name, not a page: like the item ids, it must not change once feeds are public
 * (changing `baseUrl` changes both).
 */
export function datelineNamespace(site: Pick<SiteConfig, 'baseUrl'>): string {
  const base = site.baseUrl.endsWith('/') ? site.baseUrl : `${site.baseUrl}/`;
  return new URL('ns/dateline/1.0', base).href;
}

/** The prefix of that namespace in RSS and Atom, and the JSON Feed extension key. */
export const DATELINE_PREFIX = 'dl';
export const DATELINE_JSON_KEY = '_dateline';

/**
 * Structured wire fields that no standard feed element carries. They travel unchanged in the
 * `dl:` namespace (RSS, Atom) and in the `_dateline` JSON Feed extension, so a consumer can
 * rebuild a wire story without scraping the HTML body.
 */
export interface DatelineFields {
  readonly version: number;
  readonly status: StoryStatus;
  /** Configured region slugs the story is listed in. */
  readonly regions: readonly string[];
  readonly dateline?: string;
  readonly credit?: string;
  readonly contributors?: string;
  readonly correction?: string;
}

/** The fields as ordered name/value pairs (regions repeat), absent ones left out. */
export function datelineEntries(fields: DatelineFields): Array<[string, string]> {
  const optional: Array<[string, string | undefined]> = [
    ['dateline', fields.dateline],
    ['credit', fields.credit],
    ['contributors', fields.contributors],
    ['correction', fields.correction],
  ];
  return [
    ...optional.filter((entry): entry is [string, string] => entry[1] !== undefined),
    ['version', String(fields.version)],
    ['status', fields.status],
    ...fields.regions.map((slug): [string, string] => ['region', slug]),
  ];
}

/**
 * The JSON Feed extension object of one item. Its `about` link is given once, in the feed-level
 * `_dateline` object that precedes the items (JSON Feed 1.1: "preferably in the first use").
 */
export function datelineJson(fields: DatelineFields): Record<string, unknown> {
  return {
    ...(fields.dateline === undefined ? {} : { dateline: fields.dateline }),
    ...(fields.credit === undefined ? {} : { credit: fields.credit }),
    ...(fields.contributors === undefined ? {} : { contributors: fields.contributors }),
    ...(fields.correction === undefined ? {} : { correction: fields.correction }),
    version: fields.version,
    status: fields.status,
    regions: fields.regions,
  };
}

/** The fields as `dl:` elements for RSS and Atom. */
export function datelineElements(fields: DatelineFields): XmlElement[] {
  return datelineEntries(fields).map(([name, value]) =>
    el(`${DATELINE_PREFIX}:${name}`, {}, [value]),
  );
}

/** The namespaces an RSS or Atom document may declare: the known ones, and `dl:` when carried. */
export function namespacesOf(doc: {
  readonly extensionNamespace?: string;
}): Readonly<Record<string, string>> {
  return doc.extensionNamespace === undefined
    ? KNOWN_NAMESPACES
    : { ...KNOWN_NAMESPACES, [DATELINE_PREFIX]: doc.extensionNamespace };
}
