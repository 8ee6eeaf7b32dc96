import { createHash } from 'node:crypto';
import { type Issue, ValidationError } from './errors.js';

type Json = Record<string, unknown>;

/**
 * Maps an IPTC ninjs document (2.x, plus the 1.x names agencies still send: `headline`,
 * `body_html`, `byline`, associations as an object) onto the native story fields. The result is
 * validated by the native schema afterwards; this only reports what ninjs itself lacks.
 * ninjs carries no channel or region: the caller supplies them.
 */
export function mapNinjs(
  doc: unknown,
  target: { channel: string; regions: string[] },
): Record<string, unknown> {
  if (!isObject(doc))
    throw new ValidationError('not a ninjs document', [
      { path: '', message: 'must be a JSON object' },
    ]);
  const issues: Issue[] = [];
  const uri = typeof doc.uri === 'string' ? doc.uri.trim() : '';
  if (!uri) issues.push({ path: 'uri', message: 'is required' });
  const headline = pickText(doc.headlines, 'main') ?? str(doc.headline);
  if (!headline)
    issues.push({ path: 'headlines', message: 'needs a main headline (or 1.x "headline")' });
  const bodyHtml = pickBody(doc);
  if (target.channel === 'wire' && !bodyHtml) {
    issues.push({ path: 'bodies', message: 'needs an HTML or text body (or 1.x "body_html")' });
  }
  const version = versionOf(doc, issues);
  if (issues.length > 0) throw new ValidationError('the ninjs document cannot be mapped', issues);
  return dropUndefined({
    id: safeId(uri),
    version,
    channel: target.channel,
    regions: target.regions,
    headline,
    summary: pickText(doc.descriptions, 'summary') ?? str(doc.description_text),
    bodyHtml,
    url: linkOf(doc),
    byline: bylineOf(doc),
    dateline: locatedOf(doc.located),
    credit: str(doc.copyrightholder) ?? str(doc.provider && (doc.provider as Json).name),
    categories: [...namesOf(doc.subjects ?? doc.subject), ...namesOf(doc.genres ?? doc.genre)],
    image: imageOf(doc.associations),
    publishedAt: str(doc.firstcreated),
    updatedAt: str(doc.versioncreated),
    embargoUntil: str(doc.embargoed),
    expiresAt: str(doc.expires),
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

function versionOf(doc: Json, issues: Issue[]): number | undefined {
  const raw = doc.version;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  const created = str(doc.versioncreated);
  if (raw === undefined && created && !Number.isNaN(Date.parse(created))) {
    return Math.floor(Date.parse(created) / 1000);
  }
  issues.push({ path: 'version', message: 'must be a whole number (or give versioncreated)' });
  return undefined;
}

function pickText(list: unknown, role: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = list.filter(isObject);
  const chosen =
    items.find((i) => i.role === role && !isHtml(i)) ??
    items.find((i) => i.role === role) ??
    items.find((i) => i.role === undefined) ??
    items[0];
  if (!chosen) return undefined;
  const value = str(chosen.value);
  return value && isHtml(chosen) ? value.replace(/<[^>]*>/g, ' ') : value;
}

function pickBody(doc: Json): string | undefined {
  if (Array.isArray(doc.bodies)) {
    const bodies = doc.bodies.filter(isObject);
    const html =
      bodies.find((b) => isHtml(b) && (b.role ?? 'main') === 'main') ?? bodies.find(isHtml);
    if (html) return str(html.value);
    const text = bodies.find((b) => (b.role ?? 'main') === 'main') ?? bodies[0];
    if (text && str(text.value)) return textToHtml(String(text.value));
  }
  return str(doc.body_html) ?? (str(doc.body_text) ? textToHtml(String(doc.body_text)) : undefined);
}

function bylineOf(doc: Json): Array<{ name: string; title?: string }> | undefined {
  const by = str(doc.by) ?? str(doc.byline);
  if (by) {
    const [name = by, ...rest] = by.replace(/^by\s+/i, '').split(/,\s*/);
    return [dropUndefined({ name, title: rest.join(', ') || undefined })];
  }
  if (Array.isArray(doc.people)) {
    return doc.people
      .filter(isObject)
      .filter((p) => /author|byline|creator/i.test(String(p.rel ?? p.role ?? '')))
      .flatMap((p) => (str(p.name) ? [{ name: String(p.name) }] : []));
  }
  return undefined;
}

function locatedOf(located: unknown): string | undefined {
  if (typeof located === 'string') return str(located);
  if (isObject(located)) return str(located.name);
  return undefined;
}

function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((s) => (isObject(s) && str(s.name) ? [String(s.name)] : []));
}

function imageOf(associations: unknown): Record<string, unknown> | undefined {
  const all = Array.isArray(associations)
    ? associations
    : isObject(associations)
      ? Object.values(associations)
      : [];
  const picture = all.filter(isObject).find((a) => a.type === 'picture' || a.type === 'graphic');
  if (!picture) return undefined;
  const renditions = Array.isArray(picture.renditions)
    ? picture.renditions.filter(isObject)
    : isObject(picture.renditions)
      ? Object.values(picture.renditions).filter(isObject)
      : [];
  const best = renditions
    .filter((r) => str(r.href))
    .sort((a, b) => Number(b.width ?? 0) - Number(a.width ?? 0))[0];
  const url = str(best?.href) ?? str(picture.uri);
  if (!url || !/^https?:/i.test(url)) return undefined;
  return dropUndefined({
    url,
    caption:
      pickText(picture.descriptions, 'caption') ??
      str(picture.description_text) ??
      pickText(picture.headlines, 'main') ??
      str(picture.headline),
    credit: str(picture.by) ?? str(picture.byline) ?? str(picture.copyrightholder),
    width: typeof best?.width === 'number' ? best.width : undefined,
    height: typeof best?.height === 'number' ? best.height : undefined,
    type: str(best?.contenttype) ?? str(best?.mimetype),
  });
}

function rightsOf(doc: Json): string | undefined {
  const info = Array.isArray(doc.rightsinfo) ? doc.rightsinfo.find(isObject) : doc.rightsinfo;
  if (isObject(info)) {
    return (
      str(info.copyrightnotice) ??
      str(info.usageterms) ??
      str(info.linkedrights) ??
      str(info.encodedrights)
    );
  }
  return str(doc.copyrightnotice) ?? str(doc.usageterms);
}

function linkOf(doc: Json): string | undefined {
  const links = Array.isArray(doc.links) ? doc.links.filter(isObject) : [];
  const canonical = links.find((l) => /canonical|self|alternate/.test(String(l.rel ?? '')));
  const href = str(canonical?.href);
  return href && /^https?:/i.test(href) ? href : undefined;
}

function textToHtml(text: string): string {
  const escapeText = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeText(p)}</p>`)
    .join('');
}

function isHtml(item: Json): boolean {
  return /html/i.test(String(item.contenttype ?? item.mimetype ?? ''));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
