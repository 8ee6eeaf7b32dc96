import { Parser } from 'htmlparser2';
import { DROPPED_WITH_CONTENT } from './clean-html.js';

const DROPPED = new Set(DROPPED_WITH_CONTENT);

/**
 * Why the sanitiser would silently lose the end of a body, or undefined when it would not. The
 * parser (the same htmlparser2 the sanitiser runs on) reaches the end of the text still inside
 * a tag (`<a href="…` never closed with `>`), a comment (`<!--` without `-->`), or an element
 * dropped with its content (`<script>`, `<form>`, `<textarea>` …) that holds text: whatever
 * follows would vanish from every feed without a word. Unclosed ordinary elements (`<p>`,
 * `<b>`) lose nothing and pass.
 */
export function findCutShort(html: string): string | undefined {
  let covered = 0;
  let ending = false;
  let problem: string | undefined;
  const open: Array<{ name: string; at: number; text: boolean }> = [];
  const lost = (at: number) =>
    `the rest of the body (${html.length - at} characters) would be lost`;
  const parser = new Parser(
    {
      onopentag(name) {
        covered = parser.endIndex + 1;
        if (DROPPED.has(name)) open.push({ name, at: parser.startIndex, text: false });
      },
      ontext(text) {
        covered = parser.endIndex + 1;
        if (text.trim()) for (const element of open) element.text = true;
      },
      onclosetag(name, isImplied) {
        if (!isImplied) covered = parser.endIndex + 1;
        const index = open.findLastIndex((element) => element.name === name);
        const [element] = index < 0 ? [] : open.splice(index, 1);
        if (element?.text && isImplied && ending && !problem) {
          problem = `is cut short: <${name}> at character ${element.at} is never closed, so ${lost(element.at)}`;
        }
      },
      oncomment() {
        const raw = html.slice(parser.startIndex, parser.endIndex + 1);
        covered = parser.endIndex + 1;
        const closed = raw.startsWith('<!--') ? /^<!--->?$|-->$/.test(raw) : raw.endsWith('>');
        if (!closed && !problem) {
          problem = `is cut short: the comment at character ${parser.startIndex} is never closed with "-->", so ${lost(parser.startIndex)}`;
        }
      },
      onprocessinginstruction() {
        covered = parser.endIndex + 1;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  ending = true;
  parser.end();
  if (problem) return problem;
  const tail = html.slice(covered);
  if (tail.trim() && tail.trimStart().startsWith('<')) {
    const at = html.length - tail.trimStart().length;
    return `is cut short: the tag at character ${at} is never closed with ">", so ${lost(at)}`;
  }
  return undefined;
}
