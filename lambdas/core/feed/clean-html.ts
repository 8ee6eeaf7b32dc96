import sanitizeHtml from 'sanitize-html';
import { cleanText } from './clean-text.js';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'small',
  'mark', 'q', 'cite', 'abbr', 'time', 'span', 'a', 'img', 'figure', 'figcaption',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
];

/**
 * Sanitises story HTML with an allowlist: no script, style, iframe or object, no event handlers,
 * only http(s) and mailto links. Relative `href`/`src` are made absolute against `baseUrl`, and
 * links that cannot be made absolute are dropped.
 */
export function cleanHtml(html: string, baseUrl?: string): string {
  return sanitizeHtml(cleanText(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      time: ['datetime'],
      abbr: ['title'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'href', baseUrl) }),
      img: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'src', baseUrl) }),
    },
  }).trim();
}

function absolutise(
  attribs: Record<string, string>,
  name: string,
  baseUrl: string | undefined,
): Record<string, string> {
  const value = attribs[name];
  if (value === undefined) return attribs;
  const { [name]: _dropped, ...rest } = attribs;
  try {
    const url = baseUrl ? new URL(value.trim(), baseUrl) : new URL(value.trim());
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return rest;
    return { ...rest, [name]: url.href };
  } catch {
    return rest;
  }
}
