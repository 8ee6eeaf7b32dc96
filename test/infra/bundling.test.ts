import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatelineStack } from '../../lib/dateline-stack.js';
import { parseSiteContext } from '../../lib/site-context.js';
import { cdkJsonContext } from './stack-fixture.js';

/**
 * The one real synthesis: bundling with the local esbuild (there is no Docker here, so a Docker
 * fallback would fail), plus CDK's built-in template validation. Into a temporary directory, so
 * a concurrent `cdk synth` into cdk.out is left alone.
 */
describe('DatelineStack synthesis with bundling', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'dateline-synth-'));
  const assets = new Map<string, string>();

  beforeAll(() => {
    const context = cdkJsonContext();
    const app = new App({ outdir, context });
    const stack = new DatelineStack(app, 'Dateline-dev', {
      site: parseSiteContext(context.dateline),
      stage: 'dev',
    });
    const template = app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    for (const [id, fn] of [
      ['ingest', stack.ingest],
      ['publish', stack.publish],
      ['authorize', stack.authorizer.function],
    ] as const) {
      const logicalId = stack.getLogicalId(fn.node.defaultChild as never);
      const code = template.Resources[logicalId]?.Properties.Code as { S3Key: string };
      assets.set(id, join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`));
    }
  }, 300_000); // three esbuild bundles and a synth: seconds when idle, minutes on a busy machine

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** The bundle's JavaScript files: index.mjs and its chunks. */
  const codeFiles = (id: string) => {
    const dir = assets.get(id) ?? '';
    const chunks = existsSync(join(dir, 'chunks')) ? readdirSync(join(dir, 'chunks')) : [];
    return [
      join(dir, 'index.mjs'),
      ...chunks.filter((f) => f.endsWith('.mjs')).map((f) => join(dir, 'chunks', f)),
    ];
  };
  /** Every source any of the bundle's source maps names. */
  const mappedSources = (id: string) =>
    codeFiles(id).flatMap(
      (file) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources,
    );

  it.each(['ingest', 'publish', 'authorize'])(
    'bundles %s as ESM chunks, each with a source map',
    (id) => {
      const files = codeFiles(id);
      expect(files.length).toBeGreaterThan(1);
      for (const file of files) {
        expect(existsSync(`${file}.map`)).toBe(true);
        const code = readFileSync(file, 'utf8');
        expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
      }
    },
  );

  it.each(['ingest', 'publish'])(
    'keeps what %s loads on first use out of index.mjs and its static imports',
    (id) => {
      const dir = assets.get(id) ?? '';
      const eager = new Set<string>();
      const visit = (file: string) => {
        if (eager.has(file)) return;
        eager.add(file);
        const code = readFileSync(file, 'utf8');
        // Static imports of sibling chunks, as esbuild writes them (minified: `from"./x.mjs"`).
        for (const match of code.matchAll(
          /(?:^|[;\s])import\s*(?:[^"'()]*?from\s*)?["'](\.[^"']+)["']/g,
        )) {
          visit(join(dirname(file), match[1] as string));
        }
      };
      visit(join(dir, 'index.mjs'));
      const eagerSources = [...eager].flatMap(
        (file) =>
          (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources,
      );
      expect(eagerSources.some((s) => s.includes('@aws-sdk/client-dynamodb'))).toBe(true);
      const lazy = eagerSources.filter((s) =>
        /node_modules\/(zod|sanitize-html|htmlparser2|feed|xml-js)\//.test(s),
      );
      expect(lazy).toEqual([]);
      expect(mappedSources(id).some((s) => s.includes('node_modules/zod/'))).toBe(true);
    },
  );

  it.each(['ingest', 'publish'])(
    'leaves out of %s the parts of dependencies Dateline never runs',
    (id) => {
      const unused = mappedSources(id).filter((s) =>
        /node_modules\/(postcss|source-map-js|domhandler|domutils|dom-serializer|xmlbuilder2)\//.test(
          s,
        ),
      );
      expect(unused).toEqual([]);
    },
  );

  it.each(['ingest', 'publish'])('compiles the validated site config into %s', (id) => {
    const code = codeFiles(id)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const site = parseSiteContext(cdkJsonContext().dateline);
    // Checked with includes() so a failure does not print a 1 MB bundle.
    expect(code.includes(`"title":"${site.title}"`)).toBe(true);
    for (const region of site.regions) expect(code.includes(`"slug":"${region.slug}"`)).toBe(true);
    expect(code.includes('__DATELINE_CONFIG__')).toBe(false);
  });

  it.each(['ingest', 'publish'])('bundles the AWS SDK (ESM build) into %s', (id) => {
    const code = codeFiles(id)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    // An externalised SDK shows as an import or require of a client or of @smithy.
    expect(code).not.toMatch(/(require\(|import\(|from\s*)["']@aws-sdk\/client-/);
    expect(code).not.toMatch(/(require\(|import\(|from\s*)["']@smithy\//);
    expect(mappedSources(id).some((s) => /@aws-sdk\/client-dynamodb\/dist-es\//.test(s))).toBe(
      true,
    );
  });

  it('keeps the authorizer lean: no validation, sanitiser, feed or story code', () => {
    const sources = mappedSources('authorize');
    expect(sources.some((s) => s.includes('authenticate-token'))).toBe(true);
    const heavy = sources.filter((s) =>
      /node_modules\/(zod|sanitize-html|htmlparser2|feed|xml-js)\/|core\/(story|ingest|content|formats|archive|web)\//.test(
        s,
      ),
    );
    expect(heavy).toEqual([]);
    expect(sources.some((s) => s.includes('@aws-sdk/client-s3'))).toBe(false);
  });
});
