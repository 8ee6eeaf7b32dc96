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

/** One item; one in another language than the view's says so (`lang`), for screen readers. */
function itemOf(doc: FeedDocument, item: FeedItem): string {
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
