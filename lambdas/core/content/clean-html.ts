import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import { cleanText } from './clean-text.js';

const ALLOWED_TAGS = (
  'p br hr h2 h3 h4 h5 h6 blockquote pre code ul ol li dl dt dd b strong i em u s sub sup ' +
  'small mark q cite abbr time span a img figure figcaption ' +
  'table thead tbody tfoot tr th td caption'
).split(' ');

/** Elements whose text is never content: dropped together with everything inside them. */
export const DROPPED_WITH_CONTENT = (
  'script style textarea option select noscript noembed noframes iframe frame frameset ' +
  'object embed applet template svg math head title xmp plaintext button form canvas audio video'
).split(' ');

/** Which URL schemes each URL attribute may carry once made absolute. */
const SCHEMES: Readonly<Record<'href' | 'src', readonly string[]>> = {
  href: ['http:', 'https:', 'mailto:'],
  src: ['http:', 'https:'],
};

const ALLOWED_ATTRIBUTES = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  time: ['datetime'],
  abbr: ['title'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
};

/**
 * Bump when the code of `cleanHtml` (its transforms, filters or sanitize-html's options) changes
 * what it keeps; changes to the lists above change CLEAN_HTML_POLICY by themselves.
 */
const POLICY_REVISION = 2;

/**
 * Names the policy `cleanHtml` applies. Ingest records it with each body it sanitised, and the
 * renderer sanitises again only a body recorded under another policy (or none): `cleanHtml` is
 * idempotent, so for a body recorded under this one, a second pass would change nothing.
 */
export const CLEAN_HTML_POLICY = `clean-html/${POLICY_REVISION}/${createHash('sha256')
  .update(JSON.stringify([ALLOWED_TAGS, ALLOWED_ATTRIBUTES, DROPPED_WITH_CONTENT, SCHEMES]))
  .digest('base64url')
  .slice(0, 12)}`;

/**
 * Sanitises story HTML with an allowlist, for feeds and for storage alike. Invariants of the
 * result: only the tags above; no script, style, iframe, object, SVG or MathML, and none of
 * their content; no event handler, style, class or id attribute; every `href` is an absolute
 * http(s) or mailto URL and every `img src` an absolute http(s) URL (relative ones resolved
 * against `baseUrl`, anything else — `javascript:`, `data:`, unresolvable — removed); no
 * character XML 1.0 forbids, even from numeric references such as `&#1;`.
 */
export function cleanHtml(html: string, baseUrl?: string): string {
  const clean = sanitizeHtml(cleanText(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // No style attribute is kept, so none is parsed: the Lambda bundles leave postcss out.
    parseStyleAttributes: false,
    nonTextTags: DROPPED_WITH_CONTENT,
    // An image whose source was removed would be an empty box in every reader.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
    transformTags: {
      // After the tag's own transform: an attribute value is cleaned of characters XML forbids
      // before sanitize-html decides whether it may be empty, so the output is clean to start
      // with (and cleaning it again changes nothing).
      '*': (tagName, attribs) => ({ tagName, attribs: cleanValues(attribs) }),
      a: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'href', baseUrl) }),
      img: (tagName, attribs) => ({
        tagName,
        attribs: numericSizes(absolutise(attribs, 'src', baseUrl)),
      }),
    },
  });
  return cleanText(clean).trim();
}

function cleanValues(attribs: Record<string, string>): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(attribs)) cleaned[key] = cleanText(value);
  return cleaned;
}

/** Resolves `name` in place (attribute order is kept); drops it if it cannot be made safe. */
function absolutise(
  attribs: Record<string, string>,
  name: 'href' | 'src',
  baseUrl: string | undefined,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attribs)) {
    if (key !== name) {
      kept[key] = value;
      continue;
    }
    const url = resolveUrl(value, baseUrl);
    if (url && SCHEMES[name].includes(url.protocol)) kept[key] = url.href;
  }
  return kept;
}

function resolveUrl(value: string, baseUrl: string | undefined): URL | undefined {
  try {
    return baseUrl ? new URL(value.trim(), baseUrl) : new URL(value.trim());
  } catch {
    return undefined;
  }
}

/** `width`/`height` only as plain pixel counts. */
function numericSizes(attribs: Record<string, string>): Record<string, string> {
  const kept = { ...attribs };
  for (const name of ['width', 'height']) {
    const value = kept[name];
    if (value !== undefined && !/^\d{1,5}$/.test(value.trim())) delete kept[name];
  }
  return kept;
}
