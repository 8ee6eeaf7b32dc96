import type { FeedFile } from '../ports.js';
import type { FeedDocument } from './feed-document.js';
import { CONTENT_TYPES, FEED_FORMATS, type FeedFormat, feedKey } from './feed-paths.js';
import { PARTNER_MAX_BYTES, renderPartnerRss } from './partner-rss.js';
import { renderAtom } from './render-atom.js';
import { renderJsonFeed } from './render-json-feed.js';
import { renderRss } from './render-rss.js';

/** A rendered body: text, or its UTF-8 bytes (what the spliced renderers give). */
export type RenderedBody = string | Buffer;
/** A renderer per format; any that give the bytes of the whole-document ones may stand in. */
export type FeedRenderers<B extends RenderedBody = RenderedBody> = Readonly<
  Record<FeedFormat, (doc: FeedDocument) => B>
>;
/** A rendered file whose body is of the renderers' kind. */
export type RenderedFile<B extends RenderedBody> = FeedFile & { readonly body: B };

/** The whole-document renderers: each runs feed@6 on the whole feed and gives text. */
export const WHOLE_DOCUMENT_RENDERERS: FeedRenderers<string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/**
 * The three files of one feed: RSS, Atom and JSON Feed, in that order. Each body is at most
 * `doc.maxBytes` UTF-8 bytes: when a format is over, it keeps the largest run of newest items
 * that fits (found by bisection, a handful of renders), so the newest always win. Each format
 * is budgeted on its own: a format never loses an item another format's size forced out.
 */
export function renderFeedFiles(doc: FeedDocument): RenderedFile<string>[] {
  return renderFeed(
    doc,
    withPartnerRss(doc, WHOLE_DOCUMENT_RENDERERS, (text) => text),
  ).files;
}

/**
 * The renderers for `doc`: for a partner feed (`doc.profile`), RSS by that partner's rules
 * (partner-rss.ts, whole documents: partner feeds are few), within the partner's size limit
 * too; any other feed keeps `renderers` as they are.
 */
export function withPartnerRss<B extends RenderedBody>(
  doc: FeedDocument,
  renderers: FeedRenderers<B>,
  toBody: (text: string) => B,
): FeedRenderers<B> {
  const profile = doc.profile;
  if (!profile) return renderers;
  return { ...renderers, rss: (d) => toBody(renderPartnerRss(d, profile)) };
}

/** The three files, and how many of the newest items every one of them holds. */
export function renderFeed<B extends RenderedBody = string>(
  doc: FeedDocument,
  renderers: FeedRenderers<B> = WHOLE_DOCUMENT_RENDERERS as FeedRenderers<B>,
): { files: RenderedFile<B>[]; kept: number } {
  let kept = doc.items.length;
  const files = FEED_FORMATS.map((format) => {
    const rendered = renderWithinBudget(budgetedFor(doc, format), renderers[format]);
    kept = Math.min(kept, rendered.items);
    return {
      key: feedKey(doc.feed.region, doc.feed.channel, format),
      contentType: CONTENT_TYPES[format],
      body: rendered.body,
    };
  });
  return { files, kept };
}

/**
 * The three files of an archive page, under `keyOf(format)`. An archive must keep every item
 * (readers walk it to find everything), so a page over the budget first sheds the full bodies
 * (each item keeps headline, dek and the link to its story page, which has the body) and only
 * as a last resort items.
 */
export function renderArchiveFiles<B extends RenderedBody = string>(
  doc: FeedDocument,
  keyOf: (format: FeedFormat) => string,
  renderers: FeedRenderers<B> = WHOLE_DOCUMENT_RENDERERS as FeedRenderers<B>,
): RenderedFile<B>[] {
  return FEED_FORMATS.map((format) => {
    const render = renderers[format];
    let body = render(doc);
    if (!fits(body, doc)) {
      const teasers = doc.items.map((item) => ({ ...item, contentHtml: undefined }));
      body = renderWithinBudget({ ...doc, items: teasers }, render).body;
    }
    return { key: keyOf(format), contentType: CONTENT_TYPES[format], body };
  });
}

/** A partner feed's RSS is held to the smaller of the site's and the partner's size limit. */
function budgetedFor(doc: FeedDocument, format: FeedFormat): FeedDocument {
  if (format !== 'rss' || !doc.profile) return doc;
  return { ...doc, maxBytes: Math.min(doc.maxBytes, PARTNER_MAX_BYTES[doc.profile]) };
}

function renderWithinBudget<B extends RenderedBody>(
  doc: FeedDocument,
  render: (doc: FeedDocument) => B,
): { body: B; items: number } {
  const full = render(doc);
  if (fits(full, doc)) return { body: full, items: doc.items.length };
  // Invariant: `best` fits with `low` items; more than `high` items do not fit.
  let low = 0;
  let high = doc.items.length - 1;
  let best = render({ ...doc, items: [] });
  if (!fits(best, doc)) return { body: render({ ...doc, items: [], tombstones: [] }), items: 0 };
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const body = render({ ...doc, items: doc.items.slice(0, middle) });
    if (fits(body, doc)) {
      low = middle;
      best = body;
    } else {
      high = middle - 1;
    }
  }
  return { body: best, items: low };
}

function fits(body: RenderedBody, doc: FeedDocument): boolean {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  return bytes <= doc.maxBytes;
}
