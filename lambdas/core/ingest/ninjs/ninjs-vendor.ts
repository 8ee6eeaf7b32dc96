import type { Issue } from '../../errors.js';
import { BY_WORD } from './ninjs-fields.js';
import { isObject, type Json, str } from './ninjs-json.js';

/**
 * Vendor properties of AP-Media-API-style 1.x documents that say cleanly what ninjs says
 * elsewhere, read only where the document does not say it itself: `bylines` (each `by` and
 * `title`) as the byline, `datelinelocation` (`city`, `countryname`) as the dateline. They are
 * still not ninjs: each stays listed under warnings, its message saying what it was read as
 * (`keywords` and the rest stay ignored).
 */
export function readVendorFields(input: Json, doc: Json, warnings: Issue[]) {
  const byline = str(doc.by) ? undefined : bylinesOf(input.bylines);
  if (byline) mark(warnings, 'bylines', 'read as the byline');
  const dateline = str(doc.located) ? undefined : datelineOf(input.datelinelocation);
  if (dateline) mark(warnings, 'datelinelocation', 'read as the dateline');
  return { byline, dateline };
}

function bylinesOf(value: unknown): Array<{ name: string; title?: string }> | undefined {
  if (!Array.isArray(value)) return undefined;
  const people = value.filter(isObject).flatMap((b) => {
    const name = str(b.by)?.replace(BY_WORD, '').trim();
    const title = str(b.title)?.trim();
    return name ? [title ? { name, title } : { name }] : [];
  });
  return people.length > 0 ? people : undefined;
}

function datelineOf(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const city = str(value.city)?.trim();
  const country = str(value.countryname)?.trim();
  return city ? [city, country].filter(Boolean).join(', ') : undefined;
}

function mark(warnings: Issue[], path: string, readAs: string): void {
  const at = warnings.findIndex((w) => w.path === path);
  const warning = warnings[at];
  if (warning) warnings[at] = { path, message: warning.message.replace(/^ignored/, readAs) };
}
