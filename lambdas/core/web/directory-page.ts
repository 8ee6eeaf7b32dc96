import { cleanLine } from '../content/clean-text.js';
import { escapeXmlAttr as attr, escapeXmlText as text } from '../content/xml-escape.js';
import {
  DATELINE_JSON_KEY,
  DATELINE_PREFIX,
  datelineNamespace,
} from '../formats/dateline-extension.js';
import { publicUrl } from '../formats/feed-document.js';
import { type FeedFormat, feedViewUrl } from '../formats/feed-paths.js';
import type { PartnerProfile, SiteConfig } from '../site-config.js';
import type { Channel } from '../story/story.js';
import { ROBOTS_KEY } from './robots-txt.js';
import { NEWS_SITEMAP_KEY, SITEMAP_INDEX_KEY } from './sitemap-xml.js';

/** One published feed file, as the directory lists it. */
export interface DirectoryFeed {
  readonly region: { readonly slug: string; readonly name: string };
  readonly channel: Channel;
  readonly format: FeedFormat;
  /** e.g. "Okanagan: Local news" */
  readonly title: string;
  readonly url: string;
  /** The feed's HTML view, the page a reader's "visit site" opens. */
  readonly viewUrl: string;
  /** The media type without parameters, for `<link rel="alternate" type=…>`. */
  readonly type: string;
  /** A partner feed's profile: its RSS follows that partner's rules (docs/partners.md). */
  readonly profile?: PartnerProfile;
}

/** How the directory names each partner profile. */
export const PROFILE_LABELS: Readonly<Record<PartnerProfile, string>> = {
  smartnews: 'SmartNews (SmartFormat 2.1)',
  'google-news': 'Google News',
  msn: 'MSN (Microsoft Start)',
  flipboard: 'Flipboard',
};

const FORMAT_LABELS = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

const FIELDS: ReadonlyArray<[string, string]> = [
  ['dateline', 'where the story was filed, as it leads the first paragraph ("OTTAWA")'],
  ['credit', 'the agency or source credited for the story'],
  ['contributors', 'the "… contributed to this report." line closing the body'],
  ['correction', "an editor's correction, also shown at the top of the body"],
  ['version', "the sender's version of the story; higher is newer"],
  ['status', 'usable (withheld and canceled stories are never in a feed)'],
  ['region', 'a region slug the story is listed in (repeated; JSON: regions)'],
];

/**
 * The feed directory: a discovery `<link rel="alternate">` per feed file in the head, a table of
 * every region's feeds, and the documentation of Dateline's extension fields (the `about` URL
 * of `_dateline` points here). Every configured string is escaped.
 */
export function renderDirectoryPage(
  site: SiteConfig,
  feeds: readonly DirectoryFeed[],
  feedBaseUrl: string,
): string {
  const opmlUrl = publicUrl(feedBaseUrl, 'feeds.opml');
  const siteTitle = text(cleanLine(site.title));
  const links = feeds.map(
    (f) =>
      `  <link rel="alternate" type="${f.type}" title="${attr(`${f.title} (${FORMAT_LABELS[f.format]})`)}" href="${attr(f.url)}">`,
  );
  return `<!DOCTYPE html>
<html lang="${attr(site.language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${siteTitle} — feeds</title>
${links.join('\n')}
  <link rel="stylesheet" href="${attr(publicUrl(feedBaseUrl, 'page.css'))}">
</head>
<body>
<main>
  <h1>${siteTitle} — feeds</h1>
  <p>${text(cleanLine(site.description))}</p>
  <table>
    <thead><tr><th>Feed (web page)</th><th>Subscribe</th></tr></thead>
    <tbody>
${regionRows(feedBaseUrl, feeds).join('\n')}
    </tbody>
  </table>
  <p>All feeds as an <a href="${attr(opmlUrl)}">OPML subscription list</a>.</p>
${partnerSection(feeds)}  <h2 id="sitemaps">Sitemaps</h2>
  <p>Every story page, one sitemap per day, in the
    <a href="${attr(publicUrl(feedBaseUrl, SITEMAP_INDEX_KEY))}">sitemap index</a>; the stories of
    the last 48 hours in the <a href="${attr(publicUrl(feedBaseUrl, NEWS_SITEMAP_KEY))}">Google News
    sitemap</a>. Both are named in <a href="${attr(publicUrl(feedBaseUrl, ROBOTS_KEY))}">robots.txt</a>.</p>
  <h2 id="dateline-extension">Extension fields</h2>
  <p>Wire items carry fields no standard element holds in the <code>${DATELINE_JSON_KEY}</code>
    object of each JSON Feed item${xmlExtensionNote(site)}:</p>
  <dl>
${FIELDS.map(([name, meaning]) => `    <dt><code>${name}</code></dt><dd>${text(meaning)}</dd>`).join('\n')}
  </dl>
</main>
</body>
</html>
`;
}

/** One row per feed (region × channel, then custom feeds): its web page and its three formats. */
function regionRows(feedBaseUrl: string, feeds: readonly DirectoryFeed[]): string[] {
  const rows = new Map<string, DirectoryFeed[]>();
  for (const feed of feeds) {
    const key = `${feed.region.slug}/${feed.channel}`;
    rows.set(key, [...(rows.get(key) ?? []), feed]);
  }
  return [...rows.values()].map((group) => {
    const first = group[0] as DirectoryFeed;
    const view = feedViewUrl(feedBaseUrl, first.region.slug, first.channel);
    const formats = group
      .map((f) => `<a href="${attr(f.url)}">${FORMAT_LABELS[f.format]}</a>`)
      .join(' · ');
    return `    <tr><td><a href="${attr(view)}">${text(first.title)}</a></td><td>${formats}</td></tr>`;
  });
}

/** The partner feeds (custom feeds with a profile) and whose rules their RSS follows. */
function partnerSection(feeds: readonly DirectoryFeed[]): string {
  const partners = feeds.filter((f) => f.profile !== undefined && f.format === 'rss');
  if (partners.length === 0) return '';
  const items = partners.map(
    (f) =>
      `    <li><a href="${attr(f.url)}">${text(f.title)}</a>: ${text(PROFILE_LABELS[f.profile as PartnerProfile])}</li>`,
  );
  return `  <h2 id="partner-feeds">Partner feeds</h2>
  <p>These feeds' RSS follows a partner's published requirements (their Atom and JSON Feed are
    the reader feeds').</p>
  <ul>
${items.join('\n')}
  </ul>
`;
}

function xmlExtensionNote(site: SiteConfig): string {
  if (!site.xmlExtension) return '';
  const ns = text(datelineNamespace(site));
  return `, and in RSS and Atom in the XML namespace <code>${ns}</code> (prefix <code>${DATELINE_PREFIX}:</code>)`;
}
