import { ValidationError } from '../../errors.js';
import { isObject, type Json, str } from './ninjs-json.js';

/** The ninjs major versions Dateline reads. */
export const NINJS_MAJORS = [1, 2, 3] as const;
export type NinjsMajor = (typeof NINJS_MAJORS)[number];

/**
 * Rewrites any ninjs 1.x, 2.x or 3.x document into the 2.x shape the mapping reads: 3.x camelCase
 * names lower-cased (`versionCreated` → `versioncreated`, `embargoedUntil` → `embargoed`,
 * `contentType` → `contenttype`), 1.x pattern properties (`headline_*`, `body_*`,
 * `description_*`) and singular names (`byline`, `subject`, `person`) gathered into the 2.x
 * arrays, each with the role its suffix names. The major version is `ninjsMajorOf`'s.
 */
export function normaliseAs(doc: Json, major: NinjsMajor): Json {
  return major === 3 ? (lowerKeys(doc) as Json) : fromOneX(doc);
}

/**
 * The major version. A document that declares a version Dateline cannot read is refused, naming
 * it, rather than read with fields silently dropped. 1.x declares itself with `$standard`, 2.x and 3.x with `standard`, whose
 * version (or schema URL) names it. A document that declares none is read from the names it
 * uses: camelCase anywhere is 3.x; a 2.x-only name, or a list where 1.x has keyed objects, 2.x.
 */
export function ninjsMajorOf(doc: Json): NinjsMajor {
  const declaration = doc.standard ?? doc.$standard ?? doc.$schema;
  const declared = declaredVersion(declaration);
  if (declared !== undefined) {
    const major = Number.parseInt(declared, 10);
    if (!(NINJS_MAJORS as readonly number[]).includes(major)) {
      throw new ValidationError(`ninjs version ${declared} is not supported`, [
        {
          path: 'standard' in doc ? 'standard' : '$standard',
          message: `declares ninjs version "${declared}"; Dateline reads ninjs 1.x, 2.x and 3.x`,
        },
      ]);
    }
    // The property that holds the declaration is itself of a version: `$standard` only in 1.x.
    if ('$standard' in doc && !('standard' in doc)) return 1;
    if (major > 1) return major as NinjsMajor;
  }
  if (hasCamelKey(doc, 4)) return 3;
  if ('standard' in doc || TWO_X_NAMES.some((k) => k in doc)) return 2;
  if (['associations', 'renditions', 'altids'].some((k) => Array.isArray(doc[k]))) return 2;
  return 1;
}

const TWO_X_NAMES = [
  'headlines',
  'bodies',
  'descriptions',
  'subjects',
  'people',
  'organisations',
  'places',
  'events',
  'objects',
  'infosources',
  'genres',
  'trustindicators',
  'by',
];

/**
 * True if a key in camelCase appears within `depth` levels. Only lists are entered: keyed
 * objects (1.x renditions, associations, altids) carry the sender's own names.
 */
function hasCamelKey(value: unknown, depth: number): boolean {
  if (depth === 0 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((child) => hasCamelKey(child, depth));
  if (Object.keys(value).some((key) => /^[a-z]+[A-Z]/.test(key))) return true;
  return Object.values(value).some(
    (child) => Array.isArray(child) && hasCamelKey(child, depth - 1),
  );
}

function declaredVersion(standard: unknown): string | undefined {
  if (typeof standard === 'string') return versionInSchemaUrl(standard);
  if (!isObject(standard)) return undefined;
  const version = str(standard.version)?.trim();
  if (version) return version;
  return typeof standard.schema === 'string' ? versionInSchemaUrl(standard.schema) : undefined;
}

function versionInSchemaUrl(url: string): string | undefined {
  return /ninjs-schema_(\d+(?:\.\d+)*)/i.exec(url)?.[1];
}

/** 3.x → 2.x: every object key lower-cased, `embargoeduntil` renamed. Values are untouched. */
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      const lower = key.toLowerCase();
      return [lower === 'embargoeduntil' ? 'embargoed' : lower, lowerKeys(child)];
    }),
  );
}

const PATTERNS = [
  ['headline_', 'headlines'],
  ['body_', 'bodies'],
  ['description_', 'descriptions'],
] as const;

/** 1.x (and 2.x documents that still carry 1.x names) → 2.x arrays. 2.x arrays win. */
function fromOneX(doc: Json): Json {
  const out: Json = { ...doc };
  for (const [prefix, list] of PATTERNS) {
    const gathered = Object.entries(doc).flatMap(([key, value]) => {
      if (!key.startsWith(prefix) || typeof value !== 'string') return [];
      return [{ ...roleOfSuffix(key.slice(prefix.length)), value }];
    });
    if (!Array.isArray(doc[list]) && gathered.length > 0) out[list] = gathered;
  }
  if (!Array.isArray(doc.headlines) && str(doc.headline)) {
    out.headlines = [{ role: 'main', value: doc.headline }, ...((out.headlines as Json[]) ?? [])];
  }
  for (const [one, many] of [
    ['subject', 'subjects'],
    ['genre', 'genres'],
    ['person', 'people'],
    ['place', 'places'],
    ['organisation', 'organisations'],
  ] as const) {
    if (out[many] === undefined && out[one] !== undefined) out[many] = out[one];
  }
  if (out.by === undefined && out.byline !== undefined) out.by = out.byline;
  if (Array.isArray(doc.associations)) {
    out.associations = doc.associations.map((a) => (isObject(a) ? fromOneX(a) : a));
  } else if (isObject(doc.associations)) {
    out.associations = Object.fromEntries(
      Object.entries(doc.associations).map(([k, a]) => [k, isObject(a) ? fromOneX(a) : a]),
    );
  }
  return out;
}

/**
 * The role and content type a 1.x suffix names: `body_xhtml` is XHTML, `body_richtext` rich
 * text (HTML), `body_nitf` NITF, `description_caption_xhtml` a caption in XHTML, `body_text`
 * and `body_main` plain text.
 */
function roleOfSuffix(suffix: string): { role: string; contenttype: string } {
  const parts = suffix.toLowerCase().split('_').filter(Boolean);
  const format = parts.find((p) => FORMATS[p] !== undefined);
  const role = parts.find((p) => FORMATS[p] === undefined) ?? format ?? 'main';
  return { role, contenttype: FORMATS[format ?? ''] ?? 'text/plain' };
}

const FORMATS: Readonly<Record<string, string>> = {
  html: 'text/html',
  html5: 'text/html',
  xhtml: 'application/xhtml+xml',
  richtext: 'text/html',
  nitf: 'application/nitf+xml',
  text: 'text/plain',
  plain: 'text/plain',
};
