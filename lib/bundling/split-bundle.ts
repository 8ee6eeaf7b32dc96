import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ILocalBundling } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What the bundles replace at build time. sanitize-html and Dateline use only htmlparser2's
 * streaming Parser: that one CommonJS module serves both, without the DOM tree, serialiser and
 * second set of entity tables the package index also loads. sanitize-html require()s postcss
 * only for style attributes, which Dateline never keeps (see postcss-unused.cjs).
 *
 * The alias is global: sanitize-html gets Dateline's htmlparser2, whatever it declares. A unit
 * test (test/unit/bundling/split-bundle.test.ts) fails when that copy is not the one
 * sanitize-html itself resolves, or not of the major it declares (sanitize-html 2.17.6 and
 * later want htmlparser2 12: upgrade both together).
 */
export const ALIASES = {
  htmlparser2: join(dirname(require.resolve('htmlparser2')), 'Parser.js'),
  postcss: join(PROJECT_ROOT, 'lib/bundling/postcss-unused.cjs'),
};

/** Lets a bundled ESM file `require()` Node's built-ins (some dependencies are CommonJS). */
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface SplitBundleOptions {
  /** Absolute path of the handler's entry file; the bundle's `index.mjs` exports its `handler`. */
  readonly entry: string;
  /** esbuild `define`s: identifier to JavaScript expression. */
  readonly define: Readonly<Record<string, string>>;
}

/**
 * Builds a Lambda's code with the local esbuild (never Docker): minified ESM for Node 22 with
 * the AWS SDK inside, source maps without sources, and code splitting. Splitting is why this
 * is not NodejsFunction, which writes one file: with it, a module the handler reaches only
 * through `import()` (the schema library, the sanitiser, the feed renderers, routes only some
 * requests take) is a chunk of its own that Node reads, compiles and source-maps on first use,
 * not at every cold start. CDK calls `tryBundle` at synth; the fields are part of its cache key.
 */
export class SplitBundle implements ILocalBundling {
  readonly entry: string;
  readonly define: Readonly<Record<string, string>>;

  constructor(options: SplitBundleOptions) {
    this.entry = options.entry;
    this.define = options.define;
  }

  tryBundle(outputDir: string): boolean {
    buildSync({
      entryPoints: { index: this.entry },
      outdir: outputDir,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      minify: true,
      keepNames: true,
      sourcemap: true,
      sourcesContent: false,
      banner: { js: REQUIRE_BANNER },
      alias: ALIASES,
      define: { ...this.define },
      absWorkingDir: PROJECT_ROOT,
      logLevel: 'warning',
    });
    return true;
  }
}
