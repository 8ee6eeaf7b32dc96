import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it.each(['ingest', 'publish', 'authorize'])(
    'bundles %s as one ESM file with a source map',
    (id) => {
      const dir = assets.get(id) ?? '';
      expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
    },
  );

  it.each(['ingest', 'publish'])('compiles the validated site config into %s', (id) => {
    const code = readFileSync(join(assets.get(id) ?? '', 'index.mjs'), 'utf8');
    const site = parseSiteContext(cdkJsonContext().dateline);
    // Checked with includes() so a failure does not print a 1 MB bundle.
    expect(code.includes(`"title":"${site.title}"`)).toBe(true);
    for (const region of site.regions) expect(code.includes(`"slug":"${region.slug}"`)).toBe(true);
    expect(code.includes('__DATELINE_CONFIG__')).toBe(false);
  });

  it.each(['ingest', 'publish'])('bundles the AWS SDK (ESM build) into %s', (id) => {
    const dir = assets.get(id) ?? '';
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    // An externalised SDK shows as an import or require of a client or of @smithy.
    expect(code).not.toMatch(/(require\(|import\(|from\s*)["']@aws-sdk\/client-/);
    expect(code).not.toMatch(/(require\(|import\(|from\s*)["']@smithy\//);
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.some((s) => /@aws-sdk\/client-dynamodb\/dist-es\//.test(s))).toBe(true);
  });

  it('keeps the authorizer lean: no validation, sanitiser, feed or story code', () => {
    const dir = assets.get('authorize') ?? '';
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.some((s) => s.includes('authenticate-token'))).toBe(true);
    const heavy = map.sources.filter((s) =>
      /node_modules\/(zod|sanitize-html|htmlparser2|feed|xmlbuilder2)\/|core\/(story|feed\/)/.test(
        s,
      ),
    );
    expect(heavy).toEqual([]);
    expect(map.sources.some((s) => s.includes('@aws-sdk/client-s3'))).toBe(false);
  });
});
