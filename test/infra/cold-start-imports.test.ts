import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What each Lambda evaluates at cold start: the modules its entry reaches through static
 * imports. esbuild keeps a module reached only through `import()` in the bundle but evaluates
 * it on first use, so the schema library, the HTML sanitiser and the feed renderers must stay
 * behind one (issue 10: init within 1.25× of a bundle that only creates the SDK clients).
 */
const ENTRIES = [
  'lambdas/handlers/ingest.ts',
  'lambdas/handlers/publish.ts',
  'lambdas/handlers/authorize.ts',
];

/**
 * One build of all three entries: the metafile's import graph is the same as each entry's own
 * build would give, and the shared modules (the AWS SDK above all) are parsed once, not thrice.
 */
let built: Promise<Metafile> | undefined;
function importGraph(): Promise<Metafile> {
  built ??= build({
    entryPoints: ENTRIES,
    bundle: true,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    metafile: true,
    write: false,
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  }).then(({ metafile }) => metafile);
  return built;
}

async function eagerPackages(entry: string): Promise<Set<string>> {
  return reachable(await importGraph(), entry);
}

function reachable(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  for (let file = stack.pop(); file !== undefined; file = stack.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind !== 'dynamic-import' && metafile.inputs[imported.path]) {
        stack.push(imported.path);
      }
    }
  }
  return new Set(
    [...seen].map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file),
  );
}

const LATER = ['zod', 'sanitize-html', 'htmlparser2', 'feed', 'xml-js'];

describe('Lambda cold starts', () => {
  it.each(ENTRIES)(
    '%s loads the schema, sanitiser and renderers only on first use',
    async (entry) => {
      const eager = await eagerPackages(entry);

      expect(eager.has('@aws-sdk/client-dynamodb')).toBe(true);
      expect(LATER.filter((name) => eager.has(name))).toEqual([]);
    },
  );
});
