import type { XmlElement } from './xml.js';

/** RFC 5005 feed history namespace, for `fh:archive`. */
export const FEED_HISTORY_NAMESPACE = 'http://purl.org/syndication/history/1.0';

/** The namespaces RSS and Atom documents may use, by prefix (the Dateline one is per site). */
export const KNOWN_NAMESPACES: Readonly<Record<string, string>> = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  at: 'http://purl.org/atompub/tombstones/1.0',
  fh: FEED_HISTORY_NAMESPACE,
  // Partner profiles only (partner-rss.ts): SmartFormat's own elements, DCMI terms for MSN.
  snf: 'http://www.smartnews.be/snf',
  dcterms: 'http://purl.org/dc/terms/',
};

/**
 * Declares on the root exactly the prefixed namespaces the document uses (in element or attribute
 * names), in a fixed order, and drops every other `xmlns:` declaration: an empty feed declares
 * no `content:`, a feed without a tombstone no `at:`. `namespaces` maps each usable prefix to its
 * URI; a used prefix missing from it is a programming error.
 */
export function declareUsedNamespaces(
  root: XmlElement,
  namespaces: Readonly<Record<string, string>>,
): void {
  declareNamespaces(root, prefixesIn(root), namespaces);
}

/** The prefixes used in the names of `node` and everything inside it. */
export function prefixesIn(node: XmlElement): Set<string> {
  const used = new Set<string>();
  collectPrefixes(node, used);
  return used;
}

/** Declares on `root` exactly the namespaces of `prefixes` (as `declareUsedNamespaces`). */
export function declareNamespaces(
  root: XmlElement,
  prefixes: ReadonlySet<string>,
  namespaces: Readonly<Record<string, string>>,
): void {
  const used = new Set(prefixes);
  used.delete('xml');
  used.delete('xmlns');
  for (const key of Object.keys(root.attrs)) {
    if (key.startsWith('xmlns:')) delete root.attrs[key];
  }
  for (const prefix of [...used].sort()) {
    const uri = namespaces[prefix];
    if (uri === undefined) throw new Error(`no namespace known for the prefix "${prefix}"`);
    root.attrs[`xmlns:${prefix}`] = uri;
  }
}

function collectPrefixes(node: XmlElement, used: Set<string>): void {
  for (const name of [node.name, ...Object.keys(node.attrs)]) {
    const colon = name.indexOf(':');
    if (colon > 0) used.add(name.slice(0, colon));
  }
  for (const child of node.children) {
    if (typeof child !== 'string') collectPrefixes(child, used);
  }
}
