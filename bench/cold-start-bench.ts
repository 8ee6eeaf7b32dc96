import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { DatelineFunction } from '../lib/constructs/dateline-function.js';
import { DatelineStack } from '../lib/dateline-stack.js';
import { parseSiteContext } from '../lib/site-context.js';
import { TOKEN } from './fixtures.js';
import type { Results } from './results.js';
import { heading, median, ms, row, target } from './stats.js';

const RUNS = 12;

/**
 * Whole-process cold start (node starts, imports the bundle, runs its init, exits) of each
 * Lambda bundle as `cdk synth` builds it, against a bundle built by the same DatelineFunction
 * that only creates the same SDK clients. Runs alternate, so both see the same load.
 */
export async function coldStartBench(results: Results): Promise<void> {
  heading('Cold start: whole-process import + init of the synthesised bundles');
  const outdir = await mkdtemp(join(tmpdir(), 'dateline-bench-synth-'));
  const secrets = await fakeSecretsManager();
  try {
    const started = performance.now();
    const bundles = synthesise(outdir);
    row(
      'cdk synth (in process, both stacks)',
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const name of ['ingest', 'publish', 'authorizer'] as const) {
      const ours: number[] = [];
      const reference: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        ours.push(await importTime(bundles[name], secrets.url));
        reference.push(await importTime(bundles[`${name}Reference`], secrets.url));
      }
      row(`${name} bundle (median of ${RUNS})`, ms(median(ours)));
      row(`${name} reference: SDK clients only`, ms(median(reference)));
      const value = median(ours) / median(reference);
      results[`init_ratio_${name}`] = value;
      target(`${name} / reference`, value, 1.25, 'x');
    }
  } finally {
    secrets.close();
    await rm(outdir, { recursive: true, force: true });
  }
}

type Lambda = 'ingest' | 'publish' | 'authorizer';
type BundleName = Lambda | `${Lambda}Reference`;

function synthesise(outdir: string): Record<BundleName, string> {
  const context = (
    JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }
  ).context;
  const app = new App({ outdir, context });
  const stack = new DatelineStack(app, 'Dateline-bench', {
    site: parseSiteContext(context.dateline),
    stage: 'dev',
  });
  const referenceStack = new Stack(app, 'Dateline-bench-reference');
  const functions = {
    ingest: [stack, stack.ingest],
    publish: [stack, stack.publish],
    authorizer: [stack, stack.authorizer.function],
    ingestReference: [referenceStack, referenceFunction(referenceStack, 'ingest')],
    publishReference: [referenceStack, referenceFunction(referenceStack, 'publish')],
    authorizerReference: [referenceStack, referenceFunction(referenceStack, 'authorizer')],
  } as const;
  const assembly = app.synth();
  const paths = {} as Record<BundleName, string>;
  for (const [name, [owner, fn]] of Object.entries(functions)) {
    const template = assembly.getStackByName(owner.stackName).template as {
      Resources: Record<string, { Properties: { Code: { S3Key: string } } }>;
    };
    const logicalId = owner.getLogicalId(fn.node.defaultChild as never);
    const key = template.Resources[logicalId]?.Properties.Code.S3Key ?? '';
    paths[name as BundleName] = join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
  }
  return paths;
}

function referenceFunction(scope: Stack, name: Lambda): DatelineFunction {
  return new DatelineFunction(scope, `${name}Reference`, {
    entry: resolve(`bench/reference/${name}-clients.ts`),
  });
}

/** Milliseconds from spawning node to its exit after importing the bundle. */
function importTime(bundle: string, secretsUrl: string): Promise<number> {
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    APP_ENV: 'dev',
    LOG_LEVEL: 'info',
    STORIES_TABLE_NAME: 'bench',
    CREDENTIALS_TABLE_NAME: 'bench-credentials',
    STATS_TABLE_NAME: 'bench-stats',
    PUSH_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-push',
    PUSH_PARKED_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-parked',
    API_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench',
    FEEDS_BUCKET_NAME: 'bench',
    FEED_BASE_URL: 'https://feeds.example.com',
    NODE_OPTIONS: '--enable-source-maps',
  };
  const script = `await import(${JSON.stringify(pathToFileURL(bundle).href)});`;
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0) done(performance.now() - started);
      else fail(new Error(`importing ${bundle} failed (${code}): ${stderr}`));
    });
  });
}

/** Answers GetSecretValue, in case a handler reads its token at init. */
async function fakeSecretsManager() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(JSON.stringify({ Name: 'bench', SecretString: TOKEN }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
