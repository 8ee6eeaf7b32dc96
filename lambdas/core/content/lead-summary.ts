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

function firstParagraphText(html: string): string {
  const paragraphs: string[] = [];
  let current: string[] | undefined;
  let loose = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'p') current = [];
      },
      ontext(text) {
        if (current) current.push(text);
        else loose += text;
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
  return paragraphs.find(Boolean) ?? cleanLine(loose);
}

/** `text` cut at a word boundary to at most `max` characters, with `…` when it was cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.search(/\s\S*$/);
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cleanLine(cut).replace(/[\s,;:\u2014\u2013-]+$/u, '')}\u2026`;
}
