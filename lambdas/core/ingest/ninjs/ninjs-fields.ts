import { isObject, type Json, objectsOf, str } from './ninjs-json.js';

/**
 * The text of the first entry whose role passes `accept` (plain text before HTML); HTML is
 * reduced to its text. With `fallback`, any entry will do when none passes.
 */
export function pickText(
  list: unknown,
  accept: (role: string | undefined) => boolean,
  fallback = true,
): string | undefined {
  const items = objectsOf(list).filter((i) => str(i.value));
  const role = (i: Json) => (typeof i.role === 'string' ? i.role : undefined);
  const chosen =
    items.find((i) => accept(role(i)) && !isMarkup(i)) ??
    items.find((i) => accept(role(i))) ??
    (fallback ? items[0] : undefined);
  if (!chosen) return undefined;
  const value = String(chosen.value);
  return isMarkup(chosen) ? value.replace(/<[^>]*>/g, ' ') : value;
}

function isMarkup(item: Json): boolean {
  return /html|xml/i.test(String(item.contenttype ?? ''));
}

/**
 * Bylines from `by` ("Julie Pace and Jim Heintz, The Associated Press": two people of one
 * agency), else from the people whose relation is author, byline or creator.
 */
export function bylineOf(doc: Json): Array<{ name: string; title?: string }> | undefined {
  const by = str(doc.by);
  if (by) {
    const [names = by, ...rest] = by.replace(BY_WORD, '').split(/,\s*/);
    const title = rest.join(', ').trim() || undefined;
    return names
      .split(/\s+(?:and|&)\s+/i)
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => (title ? { name, title } : { name }));
  }
  const people = objectsOf(doc.people)
    .filter((p) => /author|byline|creator/i.test(String(p.rel ?? p.role ?? '')))
    .flatMap((p) => (str(p.name) ? [{ name: String(p.name).trim() }] : []));
  return people.length > 0 ? people : undefined;
}

/** "By" as agencies write it before a byline: English, German, French, Spanish, Swedish… */
export const BY_WORD = /^\s*(?:by|von|par|por|av|di|door)\s+/i;

const MAIN_PICTURE = /main|feature|lead|primary|top|hero/i;
const NOT_A_PHOTO = /logo|icon|avatar|signature|banner/i;

/**
 * The story's picture: among picture (and graphic) associations that are not a logo or icon,
 * the one whose name or relation marks it as the main picture, else the first; its largest
 * rendition with an http(s) address; its caption and credit.
 */
export function imageOf(associations: unknown): Record<string, unknown> | undefined {
  const candidates = (
    Array.isArray(associations)
      ? associations.filter(isObject)
      : isObject(associations)
        ? Object.entries(associations).flatMap(([key, a]) =>
            isObject(a) ? [{ name: key, ...a } as Json] : [],
          )
        : []
  ).filter(
    (a) =>
      (a.type === 'picture' || a.type === 'graphic') &&
      !NOT_A_PHOTO.test(`${a.name ?? ''} ${a.rel ?? ''} ${a.uri ?? ''}`),
  );
  const picture =
    candidates.find((a) => MAIN_PICTURE.test(`${a.name ?? ''} ${a.rel ?? ''}`)) ??
    candidates.find((a) => a.type === 'picture') ??
    candidates[0];
  if (!picture) return undefined;
  const best = objectsOf(picture.renditions)
    .filter((r) => /^https?:/i.test(str(r.href) ?? ''))
    .sort((a, b) => Number(b.width ?? 0) - Number(a.width ?? 0))[0];
  const url = str(best?.href) ?? str(picture.uri);
  if (!url || !/^https?:/i.test(url)) return undefined;
  return {
    url,
    caption:
      pickText(picture.descriptions, (role) => /caption/i.test(role ?? ''), false) ??
      pickText(picture.descriptions, (role) => !/credit|note|writer|alt/i.test(role ?? '')) ??
      pickText(picture.headlines, () => true),
    alt: pickText(picture.descriptions, (role) => /alt/i.test(role ?? ''), false),
    credit:
      pickText(picture.descriptions, (role) => /credit/i.test(role ?? ''), false) ??
      str(picture.by) ??
      str(picture.copyrightholder),
    width: positive(best?.width),
    height: positive(best?.height),
    type: imageType(str(best?.contenttype) ?? str(best?.mimetype)),
  };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function imageType(type: string | undefined): string | undefined {
  return type && /^image\/[a-z0-9.+-]+$/.test(type) ? type : undefined;
}

/** The rights line: the copyright notice, else the usage terms, else the linked rights. */
export function rightsOf(doc: Json): string | undefined {
  const info = isObject(doc.rightsinfo) ? doc.rightsinfo : {};
  const terms = Array.isArray(doc.usageterms)
    ? doc.usageterms.filter((t) => str(t)).join(' ')
    : doc.usageterms;
  return str(doc.copyrightnotice) ?? str(terms) ?? str(info.linkedrights);
}
