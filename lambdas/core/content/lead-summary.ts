import { Parser } from 'htmlparser2';
import { cleanLine } from './clean-text.js';

/** Long enough for a full lead sentence, short enough for a reader's item list. */
export const SUMMARY_MAX_CHARS = 300;

/**
 * A plain-text summary from HTML: the text of the first paragraph that has any (entities
 * decoded, tags dropped, whitespace folded), cut at a word boundary with `…` when longer than
 * `max`. For a story sent without a dek, so every reader still shows one.
 */
export function leadSummary(html: string, max: number = SUMMARY_MAX_CHARS): string | undefined {
  const text = firstParagraphText(html);
  if (!text) return undefined;
  return cutAtWord(text, max);
}

/**
 * True when `summary` only repeats the opening of the body's lead (a summary made from it, or
 * a sender's dek that is its first sentence): a page then shows it once, in the body.
 */
export function repeatsLead(summary: string, html: string): boolean {
  const dek = cleanLine(summary)
    .replace(/\u2026$/u, '')
    .trimEnd();
  if (!dek) return false;
  return paragraphTexts(html)
    .slice(0, 4)
    .some((text) => text.startsWith(dek) || stripDateline(text).startsWith(dek));
}

/** The text after a lead's dateline and dash ("KELOWNA, B.C. (AP) — "), if it has one. */
function stripDateline(text: string): string {
  return text.replace(/^[^\u2014\u2013]{1,100}?\s(?:\u2014|\u2013|-)\s/u, '');
}

function firstParagraphText(html: string): string {
  const paragraphs = paragraphTexts(html);
  return paragraphs.find(Boolean) ?? looseText(html);
}

function looseText(html: string): string {
  const texts: string[] = [];
  const parser = new Parser({ ontext: (text) => texts.push(text) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return cleanLine(texts.join(''));
}

function paragraphTexts(html: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'p') current = [];
      },
      ontext(text) {
        current?.push(text);
      },
      onclosetag(name) {
        if (name !== 'p' || !current) return;
        paragraphs.push(cleanLine(current.join('')));
        current = undefined;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return paragraphs;
}

/** `text` cut at a word boundary to at most `max` characters, with `…` when it was cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.search(/\s\S*$/);
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cleanLine(cut).replace(/[\s,;:\u2014\u2013-]+$/u, '')}\u2026`;
}
