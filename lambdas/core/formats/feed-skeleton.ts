import { type Category, Feed, type Item } from 'feed';
import type { FeedDocument, FeedItem } from './feed-document.js';
import { childNamed, parseXml, type XmlElement, type XmlNode } from './xml.js';

/**
 * feed@6 renders the structure of RSS and Atom — elements, their order, namespaces, dates,
 * links — but not the data: every text and URL it receives is an opaque ASCII placeholder
 * (`dltext7x`, `https://placeholder.invalid/8`). Its output is therefore well-formed whatever
 * the stories hold (none of its escaping traps — raw control characters, one `]]>` split, raw
 * `<` in attributes, `new URL` throwing — can trigger on placeholders). The output is parsed
 * into a tree, each placeholder is swapped for its real value, and `serializeXml` escapes
 * everything exactly once.
 */
export function renderSkeleton(doc: FeedDocument, format: 'rss' | 'atom'): XmlElement {
  const slots = createSlots();
  const feed = new Feed(feedOptions(doc, format, slots));
  for (const item of doc.items) feed.addItem(toFeedItem(item, format, slots, doc));
  const tree = parseXml(format === 'rss' ? feed.rss2() : feed.atom1());
  return fill(tree, slots.values);
}

/**
 * `renderSkeleton` of the document without its items, from a template per envelope shape (as
 * `renderItemSkeleton` does for items): feed@6 and the parse run once per shape, not per feed.
 * The feed date is a placeholder too, since the renderers overwrite it.
 */
export function renderEnvelopeSkeleton(
  doc: FeedDocument,
  format: 'rss' | 'atom',
  templates: SkeletonTemplates,
): XmlElement {
  const slots = createSlots();
  const options = feedOptions(doc, format, slots);
  const shape = `feed ${format} ${JSON.stringify({ ...options, updated: undefined })}`;
  let template = templates.get(shape);
  if (!template) {
    const feed = new Feed(options);
    template = parseXml(format === 'rss' ? feed.rss2() : feed.atom1());
    templates.set(shape, template);
  }
  return fill(cloneElement(template), slots.values);
}

function feedOptions(doc: FeedDocument, format: 'rss' | 'atom', slots: Slots) {
  return {
    id: slots.url(doc.id),
    title: slots.text(doc.title),
    description: slots.text(doc.description),
    link: slots.url(doc.homePageUrl),
    language: slots.text(doc.language),
    updated: new Date(doc.updated),
    generator: slots.text(doc.generator),
    feedLinks: { rss: slots.url(doc.feedUrls.rss), atom: slots.url(doc.feedUrls.atom) },
    hub: doc.hubUrl && slots.url(doc.hubUrl),
    image:
      format === 'rss'
        ? optional(slots.url, doc.logoUrl ?? doc.iconUrl)
        : optional(slots.url, doc.logoUrl),
    favicon: optional(slots.url, doc.iconUrl),
    copyright: optional(slots.text, doc.copyright),
    author: { name: slots.text(doc.author.name), link: optional(slots.url, doc.author.url) },
  };
}

/** feed@6's element per item or envelope shape (which fields are present), values placeholders. */
export interface SkeletonTemplates {
  get(shape: string): XmlElement | undefined;
  set(shape: string, template: XmlElement): unknown;
}

/**
 * One item's element exactly as `renderSkeleton` gives it inside a whole feed, without running
 * feed@6 per item: feed@6 maps each item on its own, and its output for an item depends only on
 * which fields are present (every value is a placeholder), so its skeleton for that shape is
 * rendered and parsed once, kept in `templates`, and filled with each item's values.
 */
export function renderItemSkeleton(
  doc: FeedDocument,
  item: FeedItem,
  format: 'rss' | 'atom',
  templates: SkeletonTemplates,
): XmlElement {
  const slots = createSlots();
  const input = toFeedItem(item, format, slots, doc);
  // Placeholders are numbered in order, so equal shapes give equal inputs (dates aside).
  const shape = `${format} ${JSON.stringify(input, (key, value) => (key === 'date' || key === 'published' ? undefined : value))}`;
  let template = templates.get(shape);
  if (!template) {
    template = itemTemplate(input, format);
    templates.set(shape, template);
  }
  return fill(cloneElement(template), slots.values);
}

function itemTemplate(input: Item, format: 'rss' | 'atom'): XmlElement {
  const link = 'https://placeholder.invalid/feed';
  const feed = new Feed({ id: link, title: 'x', link, copyright: '', updated: new Date(0) });
  feed.addItem(input);
  if (format === 'atom') return childNamed(parseXml(feed.atom1()), 'entry');
  return childNamed(childNamed(parseXml(feed.rss2()), 'channel'), 'item');
}

function cloneElement(node: XmlElement): XmlElement {
  return {
    name: node.name,
    attrs: { ...node.attrs },
    children: node.children.map((child) =>
      typeof child === 'string' ? child : cloneElement(child),
    ),
  };
}

interface Slots {
  text(value: string): string;
  url(value: string): string;
  readonly values: ReadonlyMap<string, string>;
}

function createSlots(): Slots {
  const values = new Map<string, string>();
  const add = (token: string, value: string) => {
    values.set(token, value);
    return token;
  };
  return {
    text: (value) => add(`dltext${values.size}x`, value),
    url: (value) => add(`https://placeholder.invalid/${values.size}`, value),
    values,
  };
}

function optional(slot: (value: string) => string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : slot(value);
}

function toFeedItem(item: FeedItem, format: 'rss' | 'atom', slots: Slots, doc: FeedDocument): Item {
  const summary = item.summary;
  return {
    title: slots.text(item.title),
    id: slots.url(item.id),
    // feed@6 needs a link; an item without a page gets the home page, removed again afterwards.
    link: slots.url(item.url ?? doc.homePageUrl),
    date: new Date(item.updated),
    published: new Date(item.published),
    // RSS descriptions are HTML by convention: escape the plain-text dek so it is shown as text.
    description: optional(slots.text, format === 'rss' ? optional(escapeHtml, summary) : summary),
    content: optional(slots.text, item.contentHtml),
    category: categoriesOf(item, slots, doc),
    author:
      format === 'atom'
        ? item.authors.map((a) => ({ name: slots.text(a.name), link: optional(slots.url, a.url) }))
        : undefined,
    image: item.image && {
      url: slots.url(item.image.url),
      type: slots.text(item.image.type),
      length: 0,
    },
    copyright: optional(slots.text, item.rights),
  };
}

function categoriesOf(item: FeedItem, slots: Slots, doc: FeedDocument): Category[] {
  const scheme = doc.regionScheme;
  return [
    ...item.categories.map((name) => ({ name: slots.text(name), term: slots.text(name) })),
    ...item.regions.map((region) => ({
      name: slots.text(region.name),
      term: slots.text(region.slug),
      scheme: slots.url(scheme),
      domain: slots.text(scheme),
    })),
  ];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Swaps every placeholder (a whole text node or attribute value) for its real value. */
function fill(node: XmlElement, values: ReadonlyMap<string, string>): XmlElement {
  for (const [key, value] of Object.entries(node.attrs)) {
    const real = values.get(value);
    if (real !== undefined) node.attrs[key] = real;
  }
  node.children = node.children.map(
    (child): XmlNode =>
      typeof child === 'string' ? (values.get(child.trim()) ?? child) : fill(child, values),
  );
  return node;
}
