import { authorsOf, type BylineEntry } from './authors.js';
import { CLEAN_HTML_POLICY, cleanHtml } from './clean-html.js';
import { cleanLine } from './clean-text.js';
import { cleanDateline, withDateline } from './dateline-lead.js';
import { labelsFor } from './labels.js';
import { escapeXmlAttr, escapeXmlText } from './xml-escape.js';

/** The parts of a story its body is composed from; a stored `Story` fits. */
export interface BodyParts {
  readonly bodyHtml?: string;
  /** The policy ingest cleaned `bodyHtml` under (a stored story records it). */
  readonly bodyCleanedBy?: string;
  /** The dek: the text of a brief, a story sent without a body. */
  readonly summary?: string;
  /** The story's page: relative links in the body and the image resolve against it. */
  readonly url?: string;
  readonly dateline?: string;
  readonly byline?: readonly BylineEntry[];
  readonly credit?: string;
  readonly contributors?: string;
  readonly correction?: string;
  /** The story's language: the labels the body prints ("By", "Correction:") are in it. */
  readonly language?: string;
  readonly image?: {
    readonly url: string;
    readonly caption?: string;
    readonly alt?: string;
    readonly credit?: string;
    readonly width?: number;
    readonly height?: number;
  };
}

/**
 * The full HTML body of a wire story, as a newspaper page prints it and as every reader (and the
 * story's web page) should show it: an editor's correction first (visible, never only in
 * metadata); the author line with the agency ("By Julie Pace, The Associated Press"); the photo
 * as a figure with its caption and credit; the sanitised body with exactly one dateline and one
 * dash leading its first paragraph ("OTTAWA — The …"); the contributors line closing it. A brief
 * (a story without a body) shows its summary in the body's place.
 * Plain-text parts are HTML-escaped, so they are shown, not interpreted. The body is sanitised
 * here again unless ingest recorded cleaning it under the current policy (`cleanHtml` is
 * idempotent, so that second pass could change nothing): what reaches a reader never depends on
 * how, or under which policy, a story was stored. Pure and deterministic.
 */
export function composeBody(parts: BodyParts): string {
  return composeContent(parts).html;
}

/** The composed body, and its story text alone (dateline-led, without byline or figure). */
export function composeContent(parts: BodyParts): { html: string; story: string } {
  const cleaned =
    parts.bodyCleanedBy === CLEAN_HTML_POLICY
      ? (parts.bodyHtml ?? '')
      : cleanHtml(parts.bodyHtml ?? '', parts.url);
  const body = cleaned || briefText(parts.summary);
  // The label is ours: a sender's own ("CORRECTION: An earlier…") is not printed twice.
  const correction = cleanLine(parts.correction ?? '').replace(
    /^correction\s*[:.\u2014\u2013-]\s*/iu,
    '',
  );
  const contributors = cleanLine(parts.contributors ?? '');
  const { line } = authorsOf(parts.byline, parts.credit);
  const words = labelsFor(parts.language);
  // A dateline leads text; with none to lead, it stands nowhere.
  const story = body ? withDateline(body, cleanDateline(parts.dateline)) : '';
  const html = [
    correction && `<p><strong>${words.correction}</strong> ${escapeXmlText(correction)}</p>`,
    line ? `<p>${words.by} ${escapeXmlText(line)}</p>` : '',
    figureOf(parts),
    story,
    contributors && !body.includes(escapeXmlText(contributors))
      ? `<p><em>${escapeXmlText(contributors)}</em></p>`
      : '',
  ]
    .filter((part) => part !== '')
    .join('\n');
  return { html, story };
}

/** A brief's text: its summary as one paragraph. */
function briefText(summary: string | undefined): string {
  const text = cleanLine(summary ?? '');
  return text ? `<p>${escapeXmlText(text)}</p>` : '';
}

/** The photo with its caption and credit: "Caption. (AP Photo/Evan Vucci)". */
function figureOf(parts: BodyParts): string {
  const image = parts.image;
  if (!image) return '';
  const caption = cleanLine(image.caption ?? '');
  const credit = cleanLine(image.credit ?? '');
  const shownCredit = credit && !/^\(.*\)$/.test(credit) ? `(${credit})` : credit;
  const text = [caption, shownCredit].filter(Boolean).join(' ');
  const size = ['width', 'height'].flatMap((name) => {
    const value = image[name as 'width' | 'height'];
    return value !== undefined && Number.isInteger(value) && value > 0
      ? [` ${name}="${value}"`]
      : [];
  });
  const img = `<img src="${escapeXmlAttr(image.url)}" alt="${escapeXmlAttr(cleanLine(image.alt ?? ''))}"${size.join('')}>`;
  const figcaption = text ? `<figcaption>${escapeXmlText(text)}</figcaption>` : '';
  const figure = cleanHtml(`<figure>${img}${figcaption}</figure>`, parts.url);
  // An image whose URL could not be made safe is dropped by the sanitiser: no empty frame.
  return figure.includes('<img') ? figure : '';
}
