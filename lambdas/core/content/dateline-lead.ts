import { cleanLine } from './clean-text.js';
import { escapeXmlText } from './xml-escape.js';

const EM_DASH = '\u2014';

/**
 * A sender's dateline as it should be printed: one line, without the dash some senders end it
 * with (`"WASHINGTON —"`, `"OTTAWA -"`, `"ROME --"`), since the lead adds its own.
 */
export function cleanDateline(dateline: string | undefined): string {
  return cleanLine(dateline ?? '')
    .replace(/(?:\s*(?:\u2014|\u2013|-))+$/u, '')
    .trim();
}

/** A character of a place name: no dash except inside a word (`WINSTON-SALEM`), no markup. */
const PLACE_CHAR = String.raw`(?:[^\u2014\u2013()<>\-]|-(?=\p{L}))`;

/**
 * A lead that already opens with a dateline: up to 80 characters of place, an optional agency
 * tag such as `(AP)`, then a dash (`—`, `–`, `-` or `--`) and a space.
 */
const LEAD = new RegExp(
  String.raw`^(\s*)(${PLACE_CHAR}{1,80}?)(\s*\([^()<>]{1,40}\))?\s*(\u2014|\u2013|--?)\s+`,
  'u',
);

/** Words that may stand in lower case inside a place name (`Rio de Janeiro`). */
const PLACE_PARTICLES = new Set(
  'de da del di do dos du la le les of on upon am an der van von y'.split(' '),
);

/**
 * Puts `DATELINE — ` at the start of the first paragraph of sanitised HTML, so a reader sees one
 * dateline and one dash. A body that already opens with its dateline — in another case, with an
 * agency tag, a spelling variant or a different dash (`GROSSETO, Italy (AP) --`) — keeps the
 * sender's wording and its dash (Reuters' `LONDON, Dec 5 (Reuters) -` stays a hyphen; only the
 * typewriter `--` becomes the em dash it stands for); it gets no second dateline. A body that opens
 * with something other than a paragraph or text gets the dateline as a paragraph of its own.
 */
export function withDateline(body: string, dateline: string): string {
  if (body.startsWith('<p>')) {
    const rest = body.slice('<p>'.length);
    return `<p>${leadText(rest, dateline)}`;
  }
  if (!body.startsWith('<') && body !== '') return leadText(body, dateline);
  if (!dateline) return body;
  const own = `<p>${escapeXmlText(dateline)} ${EM_DASH}</p>`;
  return body === '' ? own : `${own}\n${body}`;
}

function leadText(text: string, dateline: string): string {
  const match = LEAD.exec(text);
  if (match && opensWithDateline(match, dateline)) {
    const [whole, space = '', place = '', tag = '', dash = ''] = match;
    const shown = dash === '--' ? EM_DASH : dash;
    return `${space}${place.trimEnd()}${tag} ${shown} ${text.slice(whole.length)}`;
  }
  return dateline ? `${escapeXmlText(dateline)} ${EM_DASH} ${text}` : text;
}

/**
 * True when the matched lead is a dateline: it names the same place as the sender's dateline
 * (first words equal, ignoring case and one slip of spelling), or it reads as a wire dateline on
 * its own (an agency tag, or a first word in capitals).
 */
function opensWithDateline(match: RegExpExecArray, dateline: string): boolean {
  const place = match[2] ?? '';
  if (match[3]) return true;
  if (!looksLikePlace(place)) return false;
  if (/^[A-Z][A-Z.'\u2019]{2,}(?:\s|,|$)/u.test(place)) return true;
  return dateline !== '' && samePlace(firstWord(place), firstWord(dateline));
}

/** "Grosseto, Italy", "PRINCE RUPERT, B.C.": capitalised words, not a sentence ("Ottawa is"). */
function looksLikePlace(place: string): boolean {
  return place
    .split(/[\s,]+/)
    .filter(Boolean)
    .every((word) => /^[\p{Lu}\p{N}]/u.test(word) || PLACE_PARTICLES.has(word));
}

function firstWord(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}.'\u2019]+/u)?.[0] ?? '').replace(/[.'\u2019]/g, '');
}

function samePlace(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  return Math.min(a.length, b.length) >= 5 && editDistance(a, b) <= 1;
}

/** Levenshtein distance; only ever run on two short words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
