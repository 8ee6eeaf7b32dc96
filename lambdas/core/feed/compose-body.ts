import { cleanHtml } from './clean-html.js';
import { cleanLine } from './clean-text.js';
import { escapeXmlText } from './xml.js';

export interface BodyParts {
  readonly bodyHtml?: string;
  /** The story's page: relative links in the body resolve against it. */
  readonly url?: string;
  readonly dateline?: string;
  readonly contributors?: string;
  readonly correction?: string;
}

const EM_DASH = '\u2014';

/**
 * The full HTML body of a wire item, as a reader should see it: an editor's correction first
 * (visible, never hidden in metadata only), then the sanitised body with the dateline leading
 * its first paragraph ("OTTAWA — The …"), then the contributors line closing it. Plain-text
 * parts are HTML-escaped, so they are shown, not interpreted. The body is sanitised here again
 * even though ingest did it: what reaches a feed never depends on how a story was stored.
 */
export function composeBody(parts: BodyParts): string {
  const body = cleanHtml(parts.bodyHtml ?? '', parts.url);
  const correction = cleanLine(parts.correction ?? '');
  const contributors = cleanLine(parts.contributors ?? '');
  return [
    correction && `<p><strong>Correction:</strong> ${escapeXmlText(correction)}</p>`,
    withDateline(body, cleanLine(parts.dateline ?? '')),
    contributors && !body.includes(escapeXmlText(contributors))
      ? `<p><em>${escapeXmlText(contributors)}</em></p>`
      : '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * Puts `DATELINE — ` at the start of the first paragraph. A body that already opens with its
 * dateline and a dash (the sender wrote it in) is left alone; one that opens with something other than a
 * paragraph or text gets the dateline as a paragraph of its own.
 */
function withDateline(body: string, dateline: string): string {
  if (!dateline) return body;
  const escaped = escapeXmlText(dateline);
  const lead = `${escaped} ${EM_DASH} `;
  if (body.startsWith('<p>')) {
    const rest = body.slice('<p>'.length);
    return opensWithDateline(rest, escaped) ? body : `<p>${lead}${rest}`;
  }
  if (body === '') return `<p>${escaped} ${EM_DASH}</p>`;
  if (!body.startsWith('<')) return opensWithDateline(body, escaped) ? body : lead + body;
  return `<p>${escaped} ${EM_DASH}</p>\n${body}`;
}

/** "OTTAWA — …", "OTTAWA (CP) — …" or "OTTAWA - …", but not "Ottawa is …" or "OTTAWA'S …". */
function opensWithDateline(text: string, dateline: string): boolean {
  if (!text.startsWith(dateline)) return false;
  return /^\s*(?:\(|\u2014|\u2013|-)/.test(text.slice(dateline.length));
}
