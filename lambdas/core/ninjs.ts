import { createHash } from 'node:crypto';
import { type Issue, ValidationError } from './errors.js';
import { pickBody } from './ninjs-body.js';
import { bylineOf, imageOf, pickText, rightsOf } from './ninjs-fields.js';
import { dropUndefined, isObject, type Json, objectsOf, str } from './ninjs-json.js';
import { normaliseNinjs } from './ninjs-normalise.js';

/** Item types that are stories; pictures, video, audio, events and plans are not. */
const STORY_TYPES = new Set(['text', 'composite']);

/** Description roles that are a dek; captions, credit lines and notes are not. */
const DEK_ROLES =
  /^(summary|abstract|lead|teaser|dek|standfirst|description|text|richtext|html|xhtml|plain)$/i;

/**
 * Maps an IPTC ninjs document — 1.x (pattern properties such as `headline_main` and
 * `body_xhtml`, keyed associations), 2.x, or 3.x (camelCase) — onto the native story fields.
 * The result is validated by the native schema afterwards; this only reports what ninjs itself
 * lacks, or what Dateline cannot read, each issue naming its reason. ninjs carries no channel
 * or region: the caller supplies them.
 */
export function mapNinjs(
  input: unknown,
  target: { channel: string; regions: string[] },
): Record<string, unknown> {
  if (!isObject(input))
    throw new ValidationError('not a ninjs document', [
      { path: '', message: 'must be a JSON object' },
    ]);
  const { doc } = normaliseNinjs(input);
  const issues: Issue[] = [];
  const type = str(doc.type);
  if (type && !STORY_TYPES.has(type)) {
    issues.push({ path: 'type', message: `"${type}" is not a story; Dateline takes text items` });
  }
  const uri = typeof doc.uri === 'string' ? doc.uri.trim() : '';
  if (!uri) issues.push({ path: 'uri', message: 'is required' });
  const headline =
    pickText(doc.headlines, (role) => role === 'main') ?? str(doc.title) ?? str(doc.slugline);
  if (!headline) {
    issues.push({ path: 'headlines', message: 'needs a headline (or 1.x "headline")' });
  }
  const bodyHtml = pickBody(doc, issues);
  if (target.channel === 'wire' && !bodyHtml && !issues.some((i) => i.path === 'bodies')) {
    issues.push({ path: 'bodies', message: 'needs an HTML or text body (or 1.x "body_html")' });
  }
  const version = versionOf(doc, issues);
  if (issues.length > 0) throw new ValidationError('the ninjs document cannot be mapped', issues);
  const published = dateOf(doc.firstcreated) ?? dateOf(doc.versioncreated);
  return dropUndefined({
    id: safeId(uri),
    version,
    channel: target.channel,
    regions: target.regions,
    headline,
    summary: pickText(doc.descriptions, (role) => DEK_ROLES.test(role ?? 'summary'), false),
    bodyHtml,
    url: linkOf(doc),
    byline: bylineOf(doc),
    dateline: str(doc.located) ?? (isObject(doc.located) ? str(doc.located.name) : undefined),
    credit: str(doc.copyrightholder) ?? creditOf(doc),
    categories: [...namesOf(doc.subjects), ...namesOf(doc.genres)],
    image: imageOf(doc.associations),
    publishedAt: published,
    updatedAt: dateOf(doc.versioncreated),
    embargoUntil: dateOf(doc.embargoed),
    expiresAt: dateOf(doc.expires),
    status: str(doc.pubstatus),
    copyright: rightsOf(doc),
    language: str(doc.language),
  });
}

/**
 * The story id of a ninjs URI: a readable slug of the URI (characters outside the story-id set
 * folded to `-`, shortened to fit) and a digest of the exact URI, so two URIs that fold to the same
 * slug (`urn:a:2026/11/x` and `urn:a:2026-11-x`) still get distinct ids, and one URI always the
 * same id. Always 1–200 of letters, digits, `.` `_` `:` `-`.
 */
export function safeId(uri: string): string {
  const digest = createHash('sha256').update(uri).digest('hex').slice(0, ID_DIGEST_LENGTH);
  const slug = uri
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200 - ID_DIGEST_LENGTH - 1)
    .replace(/-+$/, '');
  return slug ? `${slug}_${digest}` : `ninjs_${digest}`;
}

/** 64 bits of SHA-256: distinct URIs never meet in practice, and they must also share a slug. */
const ID_DIGEST_LENGTH = 16;

/**
 * The item version: a whole-number `version`, else the seconds of `versioncreated`, else 0 (a
 * re-send is then a replay, and a changed document without a version a conflict).
 */
function versionOf(doc: Json, issues: Issue[]): number | undefined {
  const raw = doc.version;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  const created = dateOf(doc.versioncreated);
  if (created && !Number.isNaN(Date.parse(created))) return Math.floor(Date.parse(created) / 1000);
  if (raw !== undefined && typeof raw !== 'string') {
    issues.push({ path: 'version', message: 'must be a whole number (or give versioncreated)' });
  }
  return 0;
}

/** A ninjs date: RFC 3339 as sent, a bare date as midnight UTC; the schema checks the rest. */
function dateOf(value: unknown): string | undefined {
  const text = str(value)?.trim();
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
}

function namesOf(list: unknown): string[] {
  return objectsOf(list).flatMap((s) => (str(s.name) ? [String(s.name).trim()] : []));
}

/** The agency behind an item without a copyright holder: its first named information source. */
function creditOf(doc: Json): string | undefined {
  const source = objectsOf(doc.infosources ?? doc.infosource).find((s) => str(s.name));
  return str(source?.name) ?? (isObject(doc.provider) ? str(doc.provider.name) : undefined);
}

function linkOf(doc: Json): string | undefined {
  const links = objectsOf(doc.links);
  const canonical = links.find((l) => /canonical|self|alternate/.test(String(l.rel ?? '')));
  const href = str(canonical?.href);
  return href && /^https?:/i.test(href) ? href : undefined;
}
