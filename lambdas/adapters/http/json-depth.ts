/**
 * How deeply objects and lists may nest in a request body. Real stories nest a handful of levels
 * (a ninjs association's rendition is 4); every parser and schema after this one recurses, and a
 * 10,000-deep list would overflow its stack. Checked right after `JSON.parse` (itself iterative),
 * before anything recursive runs.
 */
export const MAX_JSON_DEPTH = 32;

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent?: Frame;
  readonly key?: string | number;
}

/**
 * The path of the first object or list nested deeper than `max` (the body itself is depth 1),
 * as the API writes paths (`associations[0].renditions`; `` for the body), or undefined when the
 * value keeps the bound. Iterative: its own depth costs no stack.
 */
export function tooDeepPath(value: unknown, max: number = MAX_JSON_DEPTH): string | undefined {
  const stack: Frame[] = [{ value, depth: 1 }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value: node, depth } = frame;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return pathOf(frame);
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: depth + 1, parent: frame, key });
      }
    }
  }
  return undefined;
}

function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.parent; at = at.parent) keys.push(at.key ?? '');
  return keys.reverse().reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${key}` : key;
  }, '');
}
