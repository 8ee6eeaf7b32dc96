import { createHash } from 'node:crypto';
import { cutAtWord, leadSummary } from '../../content/lead-summary.js';
import { type Issue, ValidationError } from '../../errors.js';
import { LIMITS } from '../../story/story-schema.js';
import { pickBody } from './ninjs-body.js';
import { blankDateIssues, readDates } from './ninjs-dates.js';
import { bylineOf, imageOf, pickText, rightsOf } from './ninjs-fields.js';
import { dropUndefined, escapeHtml, isObject, type Json, objectsOf, str } from './ninjs-json.js';
import { ninjsMajorOf, normaliseAs } from './ninjs-normalise.js';
import { checkNinjs } from './ninjs-rules.js';
import { readVendorFields } from './ninjs-vendor.js';

/** Item types that are stories; pictures, video, audio, events and plans are not. */
const STORY_TYPES = new Set(['text', 'composite']);

/** Description roles that are a dek; captions, credit lines and notes are not. */
const DEK_ROLES =
  /^(summary|abstract|lead|teaser|dek|standfirst|description|text|richtext|html|xhtml|plain)$/i;

/** What a ninjs document maps to: the native story fields, and whether it is a brief. */
export interface MappedNinjs {
  readonly fields: Record<string, unknown>;
  /** A text item without a body (a flash, a teaser): published with headline, summary, link. */
  readonly brief: boolean;
  /** Properties the document's ninjs version does not define: accepted, kept out, listed. */
  readonly warnings: Issue[];
  /**
   * Why a valid document was stored but held back from every feed: it has nothing to show (no
   * headline, title, slugline, description or body). Undefined for every other document.
   */
  readonly held?: string;
}

/** What the sender is told of a valid text item with nothing a reader could be shown. */
export const NOTHING_TO_SHOW =
  'nothing to show: no headline, title, slugline, description or body to make a headline from; ' +
  'stored withheld, in no feed until a version that has one arrives';

/**
 * Maps an IPTC ninjs document — 1.x (pattern properties such as `headline_main` and
 * `body_xhtml`, keyed associations), 2.x, or 3.x (camelCase) — onto the native story fields.
 * The document is first checked against the rules of its ninjs version (ninjs-rules.ts); the
 * result is validated by the native schema afterwards. Every problem is reported, each naming
 * its reason: a document that breaks ninjs, one that is not a text item, one Dateline cannot
 * read. A valid text item that gives nothing to show (no headline and nothing to make one from,
 * as many of IPTC's validation documents) is still accepted, but stored `withheld` under a
 * placeholder headline naming its uri, so it reaches no feed until a version with a headline
 * arrives; `held` says so. ninjs carries no channel or region: the caller supplies them.
 */
export function mapNinjs(
  input: unknown,
  target: { channel: string; regions: string[] },
): MappedNinjs {
  if (!isObject(input)) {
    const message = Array.isArray(input)
      ? 'must be one ninjs item (a JSON object), not a list: post each item on its own'
      : 'must be a JSON object';
    throw new ValidationError('not a ninjs document', [{ path: '', message }]);
  }
  const major = ninjsMajorOf(input);
  const { issues, warnings, known } = checkNinjs(input, major);
  const doc = normaliseAs(known, major);
  issues.push(...blankDateIssues(known, major));
  const type = str(doc.type);
  if (type && !STORY_TYPES.has(type)) {
    issues.push({ path: 'type', message: `"${type}" is not a story; Dateline takes text items` });
  }
  const uri = typeof doc.uri === 'string' ? doc.uri.trim() : '';
  if (!uri && !issues.some((i) => i.path === 'uri')) {
    issues.push({ path: 'uri', message: 'is required' });
  }
  const bodyHtml = pickBody(doc, issues);
  const dek = pickText(doc.descriptions, (role) => DEK_ROLES.test(role ?? 'summary'), false);
  const made = headlineOf(doc, dek, bodyHtml);
  const held = made === undefined ? NOTHING_TO_SHOW : undefined;
  const headline = made ?? cutAtWord(`(no headline) ${uri}`, LIMITS.headline);
  const dates = readDates(doc, major, warnings);
  const vendor = readVendorFields(input, doc, warnings);
  const version = versionOf(doc, dates.updatedAt, issues);
  if (issues.length > 0) throw new ValidationError('the ninjs document cannot be read', issues);
  const brief = !bodyHtml;
  const fields = dropUndefined({
    id: safeId(uri),
    version,
    channel: target.channel,
    regions: target.regions,
    headline,
    summary: dek && dek.trim() !== headline ? dek : undefined,
    bodyHtml,
    url: linkOf(doc, brief ? uri : undefined),
    byline: bylineOf(doc) ?? vendor.byline,
    dateline:
      str(doc.located) ??
      (isObject(doc.located) ? str(doc.located.name) : undefined) ??
      vendor.dateline,
    credit: str(doc.copyrightholder) ?? creditOf(doc),
    categories: [...namesOf(doc.subjects), ...namesOf(doc.genres)],
    image: imageOf(doc.associations),
    ...dates,
    status: held && str(doc.pubstatus) !== 'canceled' ? 'withheld' : str(doc.pubstatus),
    copyright: rightsOf(doc),
    language: str(doc.language),
  });
  return { fields, brief, warnings, ...(held ? { held } : {}) };
}

/**
 * The best headline: the main one (or any), the title, the slugline; for an item without any,
 * its dek or the start of its body, cut at a word boundary.
 */
function headlineOf(doc: Json, dek: string | undefined, bodyHtml: string | undefined) {
  const given =
    pickText(doc.headlines, (role) => role === 'main') ?? str(doc.title) ?? str(doc.slugline);
  if (given) return given.length > LIMITS.headline ? cutAtWord(given, LIMITS.headline) : given;
  const description = dek ?? pickText(doc.descriptions, () => true);
  if (description) return leadSummary(`<p>${escapeHtml(description)}</p>`, HEADLINE_CHARS);
  return bodyHtml ? leadSummary(bodyHtml, HEADLINE_CHARS) : undefined;
}

/** A made headline is a line a reader's item list can show. */
const HEADLINE_CHARS = 120;

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
function versionOf(doc: Json, created: string | undefined, issues: Issue[]): number | undefined {
  // A numeric version (ninjs says a string; AP's 1.x sends a number) is read as its decimal text.
  const raw = typeof doc.version === 'number' ? String(doc.version) : doc.version;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  if (created && !Number.isNaN(Date.parse(created))) return Math.floor(Date.parse(created) / 1000);
  if (raw !== undefined && typeof raw !== 'string') {
    issues.push({ path: 'version', message: 'must be a whole number (or give versioncreated)' });
  }
  return 0;
}

/** Names of a list of entities, or of one entity sent where the list belongs. */
function namesOf(list: unknown): string[] {
  return (isObject(list) ? [list] : objectsOf(list)).flatMap((s) =>
    str(s.name) ? [String(s.name).trim()] : [],
  );
}

/** The agency behind an item without a copyright holder: its first named information source. */
function creditOf(doc: Json): string | undefined {
  const source = objectsOf(doc.infosources ?? doc.infosource).find((s) => str(s.name));
  return str(source?.name) ?? (isObject(doc.provider) ? str(doc.provider.name) : undefined);
}

/**
 * The story's page: a web rendition (`text/html`) of the item; for a brief, whose readers need
 * somewhere to read on, else the item's own http(s) URI.
 */
function linkOf(doc: Json, uri: string | undefined): string | undefined {
  const page = objectsOf(doc.renditions).find(
    (r) => /html/i.test(String(r.contenttype ?? r.mimetype ?? '')) && isHttp(str(r.href)),
  );
  return str(page?.href) ?? (isHttp(uri) ? uri : undefined);
}

function isHttp(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/[^\s]+$/i.test(url.trim());
}
