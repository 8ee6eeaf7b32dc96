import { writeFile } from 'node:fs/promises';
import { startDynamoDbLocal } from '../lambdas/local/dynamodb-local.js';
import { audienceBench } from './audience-bench.js';
import { coldStartBench } from './cold-start-bench.js';
import { fairnessBench } from './fairness-bench.js';
import { startBenchApp } from './fixtures.js';
import { freshnessBench } from './freshness-bench.js';
import { ingestBench } from './ingest-bench.js';
import { peakBench } from './peak-bench.js';
import { renderBench } from './render-bench.js';
import { type Results, resultsJson } from './results.js';
import { scaleBench } from './scale-bench.js';

/** `npm run bench [-- --json FILE]`: every figure of issue 10, measured side by side. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonFile = optionValue(args, '--json');
  const only = optionValue(args, '--only')?.split(',');
  const wanted = (section: string) => !only || only.includes(section);
  const started = performance.now();
  const results: Results = {};
  console.log('Dateline benchmarks (figures from this machine; ratios measured in one run)');
  if (wanted('cold-start')) await timed('cold-start', () => coldStartBench(results));
  if (wanted('render')) await timed('render', () => renderBench(results));
  if (['freshness', 'ingest'].some(wanted)) {
    await withDynamoDb((endpoint) => serving(endpoint, wanted, results));
  }
  // Before peak and scale: its server runs in this process, which carries their garbage after
  // them (after scale, one flooded phase took 444 ms; the ratio was 2.90x, then 2.28x here).
  if (wanted('fairness')) {
    await withDynamoDb((endpoint) => timed('fairness', () => fairnessBench(endpoint, results)));
  }
  if (wanted('peak')) {
    await withDynamoDb((endpoint) => timed('peak', () => peakBench(endpoint, results)));
  }
  // Its own DynamoDB Local: after the sections above, one JVM loaded the 99,000 stories in
  // 171 s against 71 s for a fresh one.
  if (wanted('scale')) {
    await withDynamoDb((endpoint) => timed('scale', () => scaleBench(endpoint, results)));
  }
  if (wanted('audience')) {
    await withDynamoDb((endpoint) => timed('audience', () => audienceBench(endpoint, results)));
  }
  await finish(results, jsonFile, started);
}

/** A DynamoDB Local of its own for `run`, stopped after. */
async function withDynamoDb(run: (endpoint: string) => Promise<void>): Promise<void> {
  const dynamo = await startDynamoDbLocal({ readyTimeoutMs: 180_000 });
  try {
    await run(dynamo.endpoint);
  } finally {
    await dynamo.stop();
  }
}

/** The sections that need the local server: freshness, then ingest. */
async function serving(endpoint: string, wanted: (section: string) => boolean, results: Results) {
  const app = await startBenchApp(endpoint);
  try {
    if (wanted('freshness')) await timed('freshness', () => freshnessBench(app, results));
    if (wanted('ingest')) await timed('ingest', () => ingestBench(app, endpoint, results));
  } finally {
    await app.stop();
  }
}

/** Runs one section and says how long it took, so a slow bench shows where its time went. */
async function timed(section: string, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await run();
  console.log(`  (${section} section: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

async function finish(results: Results, jsonFile: string | undefined, started: number) {
  console.log(`\nwhole bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (jsonFile) {
    await writeFile(jsonFile, resultsJson(results));
    console.log(`figures written to ${jsonFile}`);
  }
}

/** `--json FILE`: the figures as one JSON object; `--only render,peak`: some sections only. */
function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
