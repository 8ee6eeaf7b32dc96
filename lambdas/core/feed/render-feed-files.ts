import type { FeedFile } from '../ports.js';
import type { FeedDocument } from './feed-document.js';
import { CONTENT_TYPES, FEED_FORMATS, type FeedFormat, feedKey } from './feed-paths.js';
import { renderAtom } from './render-atom.js';
import { renderJsonFeed } from './render-json-feed.js';
import { renderRss } from './render-rss.js';

/** A rendered body, with its UTF-8 size when the renderer already knows it. */
export type RenderedBody = string | { readonly text: string; readonly bytes: number };
export type FeedRenderers = Readonly<Record<FeedFormat, (doc: FeedDocument) => RenderedBody>>;

const RENDERERS: FeedRenderers = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/**
 * The three files of one feed: RSS, Atom and JSON Feed, in that order. Each body is at most
 * `doc.maxBytes` UTF-8 bytes: when a format is over, it keeps the largest run of newest items
 * that fits (found by bisection, a handful of renders), so the newest always win. Each format
 * is budgeted on its own: a format never loses an item another format's size forced out.
 * `renderers` may replace the whole-document renderers with ones giving the same bytes.
 */
export function renderFeedFiles(doc: FeedDocument, renderers = RENDERERS): FeedFile[] {
  return FEED_FORMATS.map((format) => ({
    key: feedKey(doc.feed.region, doc.feed.channel, format),
    contentType: CONTENT_TYPES[format],
    body: renderWithinBudget(doc, renderers[format]),
  }));
}

function renderWithinBudget(doc: FeedDocument, render: (doc: FeedDocument) => RenderedBody) {
  const sized = (d: FeedDocument) => {
    const body = render(d);
    return typeof body === 'string' ? { text: body, bytes: Buffer.byteLength(body) } : body;
  };
  const fits = (body: { bytes: number }) => body.bytes <= doc.maxBytes;
  const full = sized(doc);
  if (fits(full)) return full.text;
  // Invariant: `best` fits with `low` items; more than `high` items do not fit.
  let low = 0;
  let high = doc.items.length - 1;
  let best = sized({ ...doc, items: [] });
  if (!fits(best)) return sized({ ...doc, items: [], tombstones: [] }).text;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const body = sized({ ...doc, items: doc.items.slice(0, middle) });
    if (fits(body)) {
      low = middle;
      best = body;
    } else {
      high = middle - 1;
    }
  }
  return best.text;
}
