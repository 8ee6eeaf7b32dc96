import type * as z from 'zod';
import type { Issue } from '../../errors.js';
import type { Json } from './ninjs-json.js';
import { itemOne, itemThree, itemTwo } from './ninjs-shapes.js';

/**
 * The rules of the ninjs JSON schemas, written from the published specification (1.0–1.6,
 * 2.0–2.2, 3.0–3.1), that a document must keep before Dateline reads it: only the properties
 * the standard defines (1.x also its `headline_*`, `body_*`, `description_*` patterns), each of
 * the type it defines; enumerated values (`type`, `pubstatus`, `representationtype`); urgency a
 * whole number from 1 to 9; associations that are themselves valid ninjs objects (2.x and 3.x:
 * each with a `name` and a `uri`); a rights block with either linked or encoded rights, not both.
 * Where minor versions differ, the latest of the major version is taken (a document rarely says
 * which minor version it follows). Dates are checked where Dateline reads them, not here.
 *
 * Returns every problem, each at the path the sender wrote (3.x camelCase kept).
 */
export function ninjsIssues(doc: Json, major: 1 | 2 | 3): Issue[] {
  const schema = major === 1 ? itemOne : major === 2 ? itemTwo : itemThree;
  const subject = major === 3 ? lowerKeysOnly(doc) : doc;
  const result = schema.safeParse(subject);
  const hidden = protoKeys(doc, []).map((path) => ({
    path: formatPath(path),
    message: `is not a ninjs ${major}.x property`,
  }));
  if (result.success) return hidden;
  return [...hidden, ...result.error.issues.flatMap((issue) => toIssues(issue, doc, major))];
}

/**
 * Every own `__proto__` key (JSON.parse makes them): zod drops the name unseen even where it is
 * declared, so it is found here and named as any other property the standard does not define.
 */
function protoKeys(value: unknown, at: PropertyKey[]): PropertyKey[][] {
  if (Array.isArray(value)) return value.flatMap((child, i) => protoKeys(child, [...at, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '__proto__' ? [[...at, key]] : protoKeys(child, [...at, key]),
  );
}

function toIssues(issue: z.core.$ZodIssue, original: unknown, major: 1 | 2 | 3): Issue[] {
  const restore = (path: readonly PropertyKey[]) =>
    major === 3 ? casedPath(original, path) : path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath(restore([...issue.path, key])),
      message: `is not a ninjs ${major}.x property`,
    }));
  }
  return [{ path: formatPath(restore(issue.path)), message: issue.message }];
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
