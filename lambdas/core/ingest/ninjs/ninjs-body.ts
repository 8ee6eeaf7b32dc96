import { Parser } from 'htmlparser2';
import type { Issue } from '../../errors.js';
import { escapeHtml, isObject, type Json, str } from './ninjs-json.js';

type BodyKind = 'html' | 'nitf' | 'text' | 'other';

/**
 * The richest body Dateline can render, as HTML: an HTML or XHTML body first (the main one
 * before others), then NITF turned into paragraphs, then plain text turned into paragraphs.
 * When bodies exist but none can be rendered (e.g. only `application/pdf`), an issue names them:
 * a body is never published as escaped markup.
 */
export function pickBody(doc: Json, issues: Issue[]): string | undefined {
  const bodies = Array.isArray(doc.bodies)
    ? doc.bodies.filter(isObject).filter((b) => str(b.value))
    : [];
  const byKind = (kind: BodyKind) =>
    bodies
      .filter((b) => kindOf(b) === kind)
      .sort((a, b) => Number(!isMain(a)) - Number(!isMain(b)))[0];
  const html = byKind('html');
  if (html) return String(html.value);
  const nitf = byKind('nitf');
  const fromNitf = nitf && nitfToHtml(String(nitf.value));
  if (fromNitf) return fromNitf;
  const text = byKind('text');
  if (text) return textToHtml(String(text.value));
  if (bodies.length > 0) {
    const types = [...new Set(bodies.map((b) => String(b.contenttype ?? 'unknown')))];
    issues.push({
      path: 'bodies',
      message: `no body Dateline can render (${types.join(', ')}); send HTML, XHTML, NITF or plain text`,
    });
  }
  return undefined;
}

function isMain(body: Json): boolean {
  return body.role === undefined || body.role === 'main';
}

function kindOf(body: Json): BodyKind {
  const type = String(body.contenttype ?? '').toLowerCase();
  const value = String(body.value);
  if (/nitf/.test(type) || (/xml/.test(type) && /<nitf[\s>]|<body\.content[\s>]/.test(value))) {
    return 'nitf';
  }
  if (/html/.test(type)) return 'html';
  if (type === '' || type === 'text/plain') {
    if (/<nitf[\s>]|<body\.content[\s>]/.test(value)) return 'nitf';
    return type === '' && /<\/?(p|div|br|h[1-6]|ul|ol|li|a|em|strong)\b/i.test(value)
      ? 'html'
      : 'text';
  }
  return 'other';
}

/** Plain text → paragraphs at blank lines (or single lines), escaped. */
export function textToHtml(text: string): string {
  const blocks = /\n\s*\n/.test(text) ? text.split(/\n\s*\n/) : text.split(/\r?\n/);
  return blocks
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

const NITF_BLOCKS: Readonly<Record<string, string>> = { p: 'p', hl2: 'h2', li: 'li' };

/**
 * NITF → HTML: the paragraphs (`p`), subheads (`hl2`) and list items of `body.content`, as
 * escaped text. Everything else (head metadata, media, tables) is left out; nothing comes out of
 * a document without a `body.content`.
 */
export function nitfToHtml(xml: string): string | undefined {
  const out: string[] = [];
  let inContent = 0;
  let block: { tag: string; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'body.content') inContent++;
        else if (inContent > 0 && NITF_BLOCKS[name] && !block) {
          block = { tag: NITF_BLOCKS[name] as string, text: '' };
        }
      },
      ontext(text) {
        if (block) block.text += text;
      },
      onclosetag(name) {
        if (name === 'body.content') inContent--;
        else if (block && NITF_BLOCKS[name] === block.tag) {
          const text = block.text.replace(/\s+/g, ' ').trim();
          if (text) out.push(`<${block.tag}>${escapeHtml(text)}</${block.tag}>`);
          block = undefined;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  const html = out.join('').replace(/(<li>.*?<\/li>)+/g, (items) => `<ul>${items}</ul>`);
  return html || undefined;
}
