/**
 * Characters XML 1.0 forbids: C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; and lone
 * surrogates (a high surrogate not followed by a low one, or a low one not preceded by a high one).
 * Everything else, emoji and right-to-left text included, is kept as it is.
 */
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes the characters XML 1.0 cannot carry, so any text can go into any feed. */
export function cleanText(value: string): string {
  // Most text holds none of them, nor any surrogate: one quick scan, no copy.
  return MAYBE_FORBIDDEN.test(value) ? value.replace(FORBIDDEN, '') : value;
}

/** Any character FORBIDDEN may match (every surrogate, paired or not). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Plain text for a one-line field: XML-safe, whitespace runs folded to one space, trimmed. */
export function cleanLine(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ').trim();
}
