import { XMLValidator } from 'fast-xml-parser';

/**
 * Well-formedness as XML 1.0 defines it, for tests. fast-xml-parser's XMLValidator checks
 * structure (nesting, duplicate attributes) but accepts `<` in attribute values, undefined
 * entities, `&#1;`, control characters, lone surrogates and `]]>` in text — exactly feed@6's
 * traps. So a lexical pass checks the character-level rules it misses: only XML characters,
 * only the five predefined entities and references to legal characters, no `<` in attribute
 * values, no `]]>` in text. (rss-parser, run where feeds are read, parses with sax in strict
 * mode as well.) Returns the problems found.
 */
export function wellFormednessErrors(xml: string): string[] {
  const errors: string[] = [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) errors.push(`XMLValidator: ${valid.err.msg}`);
  errors.push(...lexicalErrors(xml));
  return errors;
}

// Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#([0-9]+)|#x([0-9a-fA-F]+));/;
const NAME = /^[A-Za-z_:][-A-Za-z0-9._:]*/;

function lexicalErrors(xml: string): string[] {
  const errors: string[] = [];
  if (NOT_CHAR.test(xml)) errors.push('a character XML 1.0 forbids');
  let at = 0;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    const text = xml.slice(at, open < 0 ? xml.length : open);
    if (text.includes(']]>')) errors.push(']]> in character data');
    errors.push(...referenceErrors(text));
    if (open < 0) break;
    at = skipMarkup(xml, open, errors);
  }
  return errors;
}

function skipMarkup(xml: string, open: number, errors: string[]): number {
  const ends: Array<[string, string]> = [
    ['<?', '?>'],
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
  ];
  for (const [start, end] of ends) {
    if (xml.startsWith(start, open)) {
      const close = xml.indexOf(end, open + start.length);
      if (close < 0) errors.push(`unclosed ${start}`);
      return close < 0 ? xml.length : close + end.length;
    }
  }
  return skipTag(xml, open + (xml[open + 1] === '/' ? 2 : 1), errors);
}

function skipTag(xml: string, from: number, errors: string[]): number {
  let at = from + (NAME.exec(xml.slice(from))?.[0].length ?? 0);
  if (at === from) errors.push(`bad tag name at ${from}`);
  for (;;) {
    while (/\s/.test(xml[at] ?? '')) at++;
    if (xml.startsWith('/>', at)) return at + 2;
    if (xml[at] === '>') return at + 1;
    const name = NAME.exec(xml.slice(at))?.[0];
    const quote = name ? xml[at + name.length + 1] : undefined;
    if (!name || xml[at + name.length] !== '=' || (quote !== '"' && quote !== "'")) {
      errors.push(`bad attribute at ${at}`);
      return xml.length;
    }
    const start = at + name.length + 2;
    const end = xml.indexOf(quote, start);
    const value = xml.slice(start, end < 0 ? xml.length : end);
    if (value.includes('<')) errors.push(`< in attribute ${name}`);
    errors.push(...referenceErrors(value));
    at = end < 0 ? xml.length : end + 1;
  }
}

function referenceErrors(text: string): string[] {
  const errors: string[] = [];
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    const ref = REFERENCE.exec(text.slice(at));
    const code = ref && (ref[1] ? Number(ref[1]) : ref[2] ? Number.parseInt(ref[2], 16) : 0x20);
    if (!ref || code === null || code > 0x10ffff || NOT_CHAR.test(String.fromCodePoint(code))) {
      errors.push(`bad reference ${JSON.stringify(text.slice(at, at + 10))}`);
    }
  }
  return errors;
}
