import { cleanLine } from '../content/clean-text.js';
import { escapeXmlAttr, escapeXmlText } from '../content/xml-escape.js';

/** Escapes text for an HTML text node (characters XML forbids are dropped too). */
export const text = escapeXmlText;
/** Escapes a double-quoted HTML attribute value. */
export const attr = escapeXmlAttr;

export interface HtmlPageParts {
  readonly lang: string;
  readonly title: string;
  /** URL of the shared stylesheet (`page.css` beside the feeds). */
  readonly stylesheet: string;
  readonly description?: string;
  /** `noindex` keeps a page out of search engines (withdrawn stories). */
  readonly robots?: string;
  readonly canonical?: string;
  /** Extra `<link>` elements, already escaped. */
  readonly links?: readonly string[];
  /** The site's name and home (the feed directory) for the header. */
  readonly site: { readonly name: string; readonly url: string };
  /** The page's `<main>` content, already escaped. */
  readonly main: string;
}

/**
 * The HTML5 document every published page shares: a landmark header with the site's name, one
 * `<main>`, and an external stylesheet (no inline style or script, so a strict
 * Content-Security-Policy holds). Every configured or story string passed in is escaped here or
 * was escaped by the caller; `main` is trusted markup built by the page renderers.
 */
export function renderHtmlPage(parts: HtmlPageParts): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(cleanLine(parts.title))}</title>`,
    parts.description ? `<meta name="description" content="${attr(parts.description)}">` : '',
    parts.robots ? `<meta name="robots" content="${attr(parts.robots)}">` : '',
    parts.canonical ? `<link rel="canonical" href="${attr(parts.canonical)}">` : '',
    `<link rel="stylesheet" href="${attr(parts.stylesheet)}">`,
    ...(parts.links ?? []),
  ].filter(Boolean);
  return `<!DOCTYPE html>
<html lang="${attr(parts.lang)}">
<head>
${head.map((line) => `  ${line}`).join('\n')}
</head>
<body>
  <header class="site"><a href="${attr(parts.site.url)}">${text(cleanLine(parts.site.name))}</a></header>
  <main>
${parts.main}
  </main>
</body>
</html>
`;
}

/**
 * A `<time>` element for an ISO instant, shown as a reader of the site expects: in the site's
 * time zone with its abbreviation, worded in the page's language ("December 5, 2026 at 1:50 p.m.
 * PST"; "5 décembre 2026 à 13 h 50 HNP"). The `datetime` attribute keeps the UTC instant.
 */
export function timeElement(
  instant: string,
  where: { readonly timeZone?: string; readonly locale?: string } = {},
): string {
  const d = new Date(instant);
  const { label, zone } = formattersFor(where.locale ?? 'en', where.timeZone ?? 'UTC');
  const zoneName = zone.formatToParts(d).find((part) => part.type === 'timeZoneName')?.value;
  return `<time datetime="${attr(d.toISOString().replace(/\.000Z$/, 'Z'))}">${text(`${label.format(d)} ${zoneName ?? 'UTC'}`)}</time>`;
}

/**
 * The two formatters of a locale and time zone, made once: a view of 100 items shows 100 times,
 * and building an Intl.DateTimeFormat costs far more than using one.
 */
const FORMATTERS = new Map<string, { label: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

function formattersFor(locale: string, timeZone: string) {
  const key = `${locale} ${timeZone}`;
  let formatters = FORMATTERS.get(key);
  if (!formatters) {
    formatters = {
      label: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }),
      zone: new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }),
    };
    // Locales come from senders' stories: a warm publisher keeps at most a few dozen pairs.
    if (FORMATTERS.size >= 64) FORMATTERS.clear();
    FORMATTERS.set(key, formatters);
  }
  return formatters;
}

/** The stylesheet of every published page; served as `page.css` beside the feeds. */
export const PAGE_CSS = `:root { color-scheme: light dark; }
body { font: 18px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 44rem;
  margin: 0 auto; padding: 1.25rem; color: #202124; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #e8eaed; background: #202124; }
  a { color: #8ab4f8; } .meta, .dek, .notice, figcaption, footer { color: #bdc1c6 !important; } }
header.site { border-bottom: 1px solid #dadce0; padding-bottom: .5rem; margin-bottom: 1.5rem; }
header.site a { font-weight: 700; text-decoration: none; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
.dek { font-size: 1.2rem; color: #3c4043; margin: 0 0 .75rem; }
.meta { color: #5f6368; font-size: .95rem; margin: .25rem 0; }
figure { margin: 1.25rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: #5f6368; font-size: .9rem; }
.notice { background: #fef7e0; color: #3c4043; border-radius: 8px; padding: .8rem 1rem; }
footer { border-top: 1px solid #dadce0; margin-top: 2rem; padding-top: .75rem; color: #5f6368; font-size: .95rem; }
ol.items { list-style: none; padding: 0; } ol.items > li { border-top: 1px solid #dadce0; padding: .9rem 0; }
ol.items h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .4rem .6rem; border-top: 1px solid #dadce0; }
code { font-size: .9em; }
nav.subscribe ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
`;
