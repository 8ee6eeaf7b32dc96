import { cleanText } from './clean-text.js';

/**
 * Escapes character data. Total: characters XML 1.0 forbids are dropped, `&`, `<` and `>` are
 * always escaped (so `]]>` and entity look-alikes such as `&nbsp;` cannot survive), and CR is
 * kept as a reference so parsers do not fold it into LF.
 */
export function escapeXmlText(value: string): string {
  return cleanText(value).replace(TEXT_SPECIALS, (c) => REFERENCES[c] as string);
}

/** Escapes a double-quoted attribute value; whitespace controls become references. */
export function escapeXmlAttr(value: string): string {
  return cleanText(value).replace(ATTR_SPECIALS, (c) => REFERENCES[c] as string);
}

/** What escaping replaces, in one pass over the text (one regex, not one per character). */
const TEXT_SPECIALS = /[&<>\r]/g;
const ATTR_SPECIALS = /[&<>\r"\t\n]/g;
const REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#xD;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};
