import { type Labels, labelsFor } from '../content/labels.js';
import { repeatsLead } from '../content/lead-summary.js';
import { CHANNEL_LABELS, type FeedItem, publicUrl } from '../formats/feed-document.js';
import { feedUrl, feedViewUrl } from '../formats/feed-paths.js';
import type { SiteConfig } from '../site-config.js';
import { attr, renderHtmlPage, text, timeElement } from './html.js';

export interface PageContext {
  readonly site: SiteConfig;
  /** Public base URL of the feed files; pages, views and the stylesheet hang off it. */
  readonly feedBaseUrl: string;
}

/**
 * A story's public page, from the same sanitised item the feeds carry (so a page can show
 * nothing a feed would not): headline, dek, byline, dates, the photo with caption and credit,
 * the composed body (correction, dateline, credit and contributors line come with it), rights,
 * categories, and links to the feeds of its regions. A local teaser, which has no body, links
 * to the full story on the sender's site.
 */
export function renderStoryPage(ctx: PageContext, item: FeedItem): string {
  const body = item.contentHtml ?? '';
  const language = item.language ?? ctx.site.language;
  const words = labelsFor(language);
  const when = (instant: string) =>
    timeElement(instant, { timeZone: ctx.site.timeZone, locale: language });
  const main = [
    '    <article>',
    `      <h1>${text(item.title)}</h1>`,
    item.summary && !repeatsLead(item.summary, body)
      ? `      <p class="dek">${text(item.summary)}</p>`
      : '',
    bylineOf(item, body, words),
    `      <p class="meta">${words.published} ${when(item.published)}${
      item.updated !== item.published ? ` · ${words.updated} ${when(item.updated)}` : ''
    }</p>`,
    figureOf(item, body, words),
    body ? `      <div class="body">\n${body}\n      </div>` : '',
    item.url && item.url !== item.pageUrl
      ? `      <p><a href="${attr(item.url)}">${body ? words.onSendersSite : words.readFullStory}</a></p>`
      : '',
    creditOf(item, body, words),
    footerOf(ctx, item, words),
    '    </article>',
  ];
  return renderHtmlPage({
    lang: language,
    title: `${item.title} — ${ctx.site.title}`,
    description: item.summary,
    canonical: item.url,
    stylesheet: publicUrl(ctx.feedBaseUrl, 'page.css'),
    links: item.regions.map(
      (r) =>
        `<link rel="alternate" type="application/atom+xml" title="${attr(`${r.name}: ${CHANNEL_LABELS[item.channel]}`)}" href="${attr(feedUrl(ctx.feedBaseUrl, r.slug, item.channel, 'atom'))}">`,
    ),
    site: { name: ctx.site.title, url: publicUrl(ctx.feedBaseUrl, '') },
    main: main.filter(Boolean).join('\n'),
  });
}

/**
 * The author line ("By Marta Okafor and Teo Brandt, The Northern Press"), unless the composed
 * body already carries it (wire copy: first, or after a correction), so a reader sees it once.
 * Authors with a page are linked one by one.
 */
function bylineOf(item: FeedItem, body: string, words: Labels): string {
  const opening = body.split('\n').slice(0, 2);
  const composed = [`<p>${words.by} `, '<p>By '];
  if (item.authors.length === 0 || opening.some((line) => composed.some((b) => line.startsWith(b))))
    return '';
  const linked = item.authors.some((a) => a.url);
  const names = linked
    ? item.authors
        .map((a) => (a.url ? `<a href="${attr(a.url)}">${text(a.name)}</a>` : text(a.name)))
        .join(' and ')
    : text(item.authorLine ?? item.authors.map((a) => a.name).join(' and '));
  return `      <p class="meta byline">${words.by} ${names}</p>`;
}

/** The photo, unless the composed body already carries it as a figure. */
function figureOf(item: FeedItem, body: string, words: Labels): string {
  const image = item.image;
  if (!image || body.includes('<figure')) return '';
  const size =
    image.width && image.height ? ` width="${image.width}" height="${image.height}"` : '';
  const caption = [
    image.caption && text(image.caption),
    image.credit && text(creditLabel(image.credit, words)),
  ]
    .filter(Boolean)
    .join(' ');
  return [
    '      <figure>',
    `        <img src="${attr(image.url)}" alt="${attr(image.alt ?? '')}"${size}>`,
    caption ? `        <figcaption>${caption}</figcaption>` : '',
    '      </figure>',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * A photo credit labelled once: "Photo: Kelowna Capital News", but a credit that carries its own
 * label ("Photo: …", "(AP Photo/Jo Ames)") as the sender wrote it.
 */
export function creditLabel(credit: string, words: Pick<Labels, 'photo'>): string {
  const labelled =
    /^\(.*\)$/u.test(credit) ||
    /^(?:photo|photograph|image|picture|illustration|graphic|video)\b/iu.test(credit);
  return labelled ? credit : `${words.photo} ${credit}`;
}

/** The agency credit, unless the composed body already shows it. */
function creditOf(item: FeedItem, body: string, words: Labels): string {
  const credit = item.extension.credit;
  if (!credit || body.includes(text(credit))) return '';
  return `      <p class="meta">${words.credit} ${text(credit)}</p>`;
}

function footerOf(ctx: PageContext, item: FeedItem, words: Labels): string {
  const feeds = item.regions.map(
    (r) =>
      `<a href="${attr(feedViewUrl(ctx.feedBaseUrl, r.slug, item.channel))}">${text(`${r.name}: ${CHANNEL_LABELS[item.channel]}`)}</a>`,
  );
  return [
    '      <footer>',
    item.categories.length > 0
      ? `        <p>${words.filedUnder} ${item.categories.map(text).join(', ')}</p>`
      : '',
    feeds.length > 0 ? `        <p>${words.inTheFeeds} ${feeds.join(', ')}</p>` : '',
    item.rights ? `        <p>${text(item.rights)}</p>` : '',
    '      </footer>',
  ]
    .filter(Boolean)
    .join('\n');
}
