import type { FeedDocument, FeedItem } from '../formats/feed-document.js';
import { publicUrl } from '../formats/feed-document.js';
import { attr, renderHtmlPage, text, timeElement } from './html.js';

const FORMATS = [
  ['rss', 'RSS', 'application/rss+xml'],
  ['atom', 'Atom', 'application/atom+xml'],
  ['json', 'JSON Feed', 'application/feed+json'],
] as const;

/**
 * The HTML view of one feed (`feeds/{region}/{channel}.html`), rendered from the same document
 * as its three formats: subscribe links for each format, then the items, newest first, each
 * with headline (linking to the story's page), dek, byline and date. Browser tabs that open
 * the RSS or Atom URL are shown this page instead of the XML (see the README).
 */
export function renderFeedView(doc: FeedDocument, feedBaseUrl: string): string {
  const subscribe = FORMATS.map(
    ([format, label]) => `<li><a href="${attr(doc.feedUrls[format])}">${label}</a></li>`,
  );
  const main = [
    `    <h1>${text(doc.title)}</h1>`,
    `    <p class="notice">This is a news feed. To follow it, copy the address of one of its formats into your feed reader.</p>`,
    '    <nav class="subscribe" aria-label="Subscribe">',
    `      <ul>${subscribe.join('')}</ul>`,
    '    </nav>',
    archiveNav(doc),
    doc.items.length === 0
      ? '    <p>No stories yet.</p>'
      : `    <ol class="items">\n${doc.items.map((item) => itemOf(doc, item)).join('\n')}\n    </ol>`,
  ];
  return renderHtmlPage({
    lang: doc.language,
    title: doc.title,
    description: doc.description,
    stylesheet: publicUrl(feedBaseUrl, 'page.css'),
    links: FORMATS.map(
      ([format, label, type]) =>
        `<link rel="alternate" type="${type}" title="${attr(`${doc.title} (${label})`)}" href="${attr(doc.feedUrls[format])}">`,
    ),
    site: { name: doc.author.name, url: publicUrl(feedBaseUrl, '') },
    main: main.join('\n'),
  });
}

/**
 * Links between the view of a feed and the views of its RFC 5005 archive pages, as the feeds'
 * own `prev-archive`, `next-archive` and `current` links go, so a reader can page back in a
 * browser too. Each view sits beside its feed files under the same name (`archive/3.html`).
 */
function archiveNav(doc: FeedDocument): string {
  const view = (urls: Readonly<Record<'rss', string>> | undefined) =>
    urls?.rss.replace(/\.rss$/, '.html');
  const links = [
    [view(doc.currentUrls), 'current', 'Latest stories'],
    [view(doc.nextArchiveUrls), 'next-archive', 'Newer stories'],
    [view(doc.prevArchiveUrls), 'prev-archive', 'Older stories'],
  ].flatMap(([href, rel, label]) =>
    href ? [`<li><a rel="${rel}" href="${attr(href)}">${label}</a></li>`] : [],
  );
  return links.length === 0
    ? ''
    : `    <nav class="archive" aria-label="Archive">\n      <ul>${links.join('')}</ul>\n    </nav>`;
}

/**
 * Each item's markup, kept per item object and view language and time zone: a warm publisher's
 * renderer hands every render of every feed the same object for a story revision, so a feed's
 * view is written anew only for its new items (a `*` story re-renders 150 views at once).
 */
const ITEM_HTML = new WeakMap<FeedItem, Map<string, string>>();

function itemOf(doc: FeedDocument, item: FeedItem): string {
  const key = `${doc.language} ${doc.timeZone}`;
  let byView = ITEM_HTML.get(item);
  if (!byView) {
    byView = new Map();
    ITEM_HTML.set(item, byView);
  }
  let html = byView.get(key);
  if (html === undefined) {
    html = renderItem(doc, item);
    byView.set(key, html);
  }
  return html;
}

/** One item; one in another language than the view's says so (`lang`), for screen readers. */
function renderItem(doc: FeedDocument, item: FeedItem): string {
  const href = item.pageUrl ?? item.url;
  const headline = href ? `<a href="${attr(href)}">${text(item.title)}</a>` : text(item.title);
  const byline = text(item.authorLine ?? item.authors.map((a) => a.name).join(' and '));
  return [
    item.language && item.language !== doc.language
      ? `      <li lang="${attr(item.language)}">`
      : '      <li>',
    `        <h2>${headline}</h2>`,
    item.summary ? `        <p class="dek">${text(item.summary)}</p>` : '',
    `        <p class="meta">${byline ? `${byline} · ` : ''}${timeElement(item.published, { timeZone: doc.timeZone, locale: item.language ?? doc.language })}</p>`,
    '      </li>',
  ]
    .filter(Boolean)
    .join('\n');
}
