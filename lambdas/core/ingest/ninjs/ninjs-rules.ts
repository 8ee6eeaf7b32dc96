import type * as z from 'zod';
import type { Issue } from '../../errors.js';
import type { Json } from './ninjs-json.js';
import { itemOne, itemThree, itemTwo } from './ninjs-shapes.js';

/** What a document's check found: its faults, the properties ignored, the document without them. */
export interface NinjsCheck {
  /** Known properties that break their version's rules: the document is refused. */
  readonly issues: Issue[];
  /** Properties the version does not define (vendor fields, extensions): kept out, listed. */
  readonly warnings: Issue[];
  /** The document with every property of `warnings` removed. */
  readonly known: Json;
}

/**
 * The rules of the ninjs JSON schemas, written from the published specification (1.0–1.6,
 * 2.0–2.2, 3.0–3.1), that a document must keep before Dateline reads it: each property the
 * standard defines (1.x also its `headline_*`, `body_*`, `description_*` patterns) of the type
 * it defines; enumerated values (`type`, `pubstatus`, `representationtype`); urgency a whole
 * number from 1 to 9; associations that are themselves valid ninjs objects (2.x and 3.x: each
 * with a `name` and a `uri`); a rights block with either linked or encoded rights, not both.
 * Where minor versions differ, the latest of the major version is taken (a document rarely says
 * which minor version it follows). Dates are checked where Dateline reads them, not here.
 *
 * A property the version does not define, at any depth, is how agencies send vendor fields and
 * how IPTC's guidelines extend ninjs (a `standard` naming the provider's extended schema): it is
 * not a fault. It is removed from the document and listed under `warnings`, and the rest is
 * checked again without it (a check skips an object's refinements once it has a fault), until
 * only the faults of known properties are left. Paths are as the sender wrote them (3.x
 * camelCase kept).
 */
export function checkNinjs(doc: Json, major: 1 | 2 | 3): NinjsCheck {
  const schema = major === 1 ? itemOne : major === 2 ? itemTwo : itemThree;
  // zod drops an own `__proto__` key unseen (JSON.parse makes them): found here, it is ignored
  // with a warning like any other property the standard does not define.
  const warnings: Issue[] = protoKeys(doc, []).map((path) => ({
    path: formatPath(path),
    message: `ignored: not a ninjs ${major}.x property`,
  }));
  let known = doc;
  for (let pass = 0; ; pass++) {
    const result = schema.safeParse(major === 3 ? lowerKeysOnly(known) : known);
    if (result.success) return { issues: [], warnings, known };
    const unknown: PropertyKey[][] = [];
    const faults: z.core.$ZodIssue[] = [];
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        unknown.push(...issue.keys.map((key) => [...issue.path, key]));
      } else if (issue.code === 'custom' && UNKNOWN_PROPERTY.test(issue.message)) {
        unknown.push([...issue.path]);
      } else {
        faults.push(issue);
      }
    }
    const spell = (path: readonly PropertyKey[]) => (major === 3 ? casedPath(known, path) : path);
    if (unknown.length === 0 || pass === MAX_PASSES) {
      const issues = faults.map((f) => ({ path: formatPath(spell(f.path)), message: f.message }));
      for (const path of unknown) {
        issues.push({
          path: formatPath(spell(path)),
          message: `is not a ninjs ${major}.x property`,
        });
      }
      return { issues, warnings, known };
    }
    for (const path of unknown.map(spell)) {
      warnings.push({
        path: formatPath(path),
        message: `ignored: not a ninjs ${major}.x property`,
      });
      known = without(known, path) as Json;
    }
  }
}

/** Every own `__proto__` key of a parsed document, at any depth. */
function protoKeys(value: unknown, at: PropertyKey[]): PropertyKey[][] {
  if (Array.isArray(value)) return value.flatMap((child, i) => protoKeys(child, [...at, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '__proto__' ? [[...at, key]] : protoKeys(child, [...at, key]),
  );
}

/** Unknown properties nested in unknown properties' places; the body's depth bound is 32. */
const MAX_PASSES = 32;
const UNKNOWN_PROPERTY = /^is not a ninjs \d\.x property$/;

/** A copy of `value` without the property at `path`; only the objects on the path are copied. */
function without(value: unknown, path: readonly PropertyKey[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    return value.map((child, index) => (index === key ? without(child, rest) : child));
  }
  const record = value as Record<string, unknown>;
  const name = String(key);
  if (!Object.hasOwn(record, name)) return value;
  if (rest.length === 0) {
    const { [name]: _dropped, ...kept } = record;
    return kept;
  }
  return { ...record, [name]: without(record[name], rest) };
}

/** Keys lower-cased (3.x camelCase onto the 2.x names) so one set of shapes reads both. */
function lowerKeysOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeysOnly);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key.toLowerCase(), lowerKeysOnly(child)]),
  );
}

/** The path with each key spelled as the sender spelled it. */
function casedPath(original: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  let node: unknown = original;
  return path.map((key) => {
    if (typeof key !== 'string' || typeof node !== 'object' || node === null) {
      node = (node as Record<PropertyKey, unknown> | null)?.[key];
      return key;
    }
    const spelled = Object.keys(node).find((k) => k.toLowerCase() === key) ?? key;
    node = (node as Record<string, unknown>)[spelled];
    return spelled;
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}
