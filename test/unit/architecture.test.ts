import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, read from the source itself: which folder of `lambdas/core` may import
 * which, no circle of files, small files. README.md ("Where things are") maps the folders.
 */

/** Core's folders from the bottom up: a folder imports only folders below it (or itself). */
const CORE_LAYERS = [
  ['errors.ts', 'site-config.ts'],
  ['content'],
  ['story'],
  ['credentials'],
  ['ports.ts'],
  ['ingest', 'formats'],
  ['archive', 'web'],
  ['use-cases'],
] as const;

const MAX_LINES = 300;
const MAX_CORE_ENTRIES = 12;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]/g;

/** Each file's relative imports, as repository paths of `.ts` files. */
function importGraph(roots: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of roots.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      normalize(join(dirname(file), (m[1] ?? m[2]) as string)).replace(/\.js$/, '.ts'),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** Every strongly connected group of more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function layerOf(file: string): number {
  const top = relative('lambdas/core', file).split('/')[0] as string;
  return CORE_LAYERS.findIndex((layer) => (layer as readonly string[]).includes(top));
}

describe('the layout', () => {
  const graph = importGraph(['lambdas', 'lib', 'bin']);

  it('has no circle of files in lambdas/, lib/ or bin/', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('finds circles when there is one (the check can fail)', () => {
    const a = 'x/a.ts';
    const b = 'x/b.ts';
    expect(
      circles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([[a, b]]);
  });

  it('has every core folder and root file in a layer', () => {
    const entries = readdirSync('lambdas/core');
    const missing = entries.filter(
      (name) => name !== 'README.md' && layerOf(join('lambdas/core', name)) < 0,
    );
    expect(missing).toEqual([]);
    expect(entries.length).toBeLessThanOrEqual(MAX_CORE_ENTRIES);
  });

  it('imports inside core only downwards, from use-cases down to story', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      if (!file.startsWith('lambdas/core/')) continue;
      for (const target of targets) {
        if (!target.startsWith('lambdas/core/')) {
          upward.push(`${file} -> ${target} (core imports only core)`);
        } else if (layerOf(target) > layerOf(file)) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('never imports lib/ from lambdas/', () => {
    const wrong = [...graph].flatMap(([file, targets]) =>
      file.startsWith('lambdas/') ? targets.filter((t) => t.startsWith('lib/')) : [],
    );
    expect(wrong).toEqual([]);
  });

  it(`keeps every source file under ${MAX_LINES} lines`, () => {
    const long = [...graph.keys()]
      .map((file) => [file, readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('opens every core folder with a README saying what lives there', () => {
    const folders = readdirSync('lambdas/core').filter((name) =>
      statSync(join('lambdas/core', name)).isDirectory(),
    );
    const without = folders.filter((name) => {
      const readme = join('lambdas/core', name, 'README.md');
      return !statSync(readme, { throwIfNoEntry: false })?.isFile();
    });
    expect(without).toEqual([]);
  });
});
