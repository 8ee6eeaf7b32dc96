import { parseArgs } from 'node:util';
import { readSiteFromCdkJson } from '../lambdas/local/local-config.js';
import { runSmoke } from './smoke.js';

const USAGE = `usage: npm run smoke -- --api URL --feeds URL [--region SLUG] [--timeout SECONDS]
  The token comes from DATELINE_TOKEN. --region defaults to the first region in cdk.json.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      api: { type: 'string' },
      feeds: { type: 'string' },
      region: { type: 'string' },
      timeout: { type: 'string', default: '180' },
      help: { type: 'boolean' },
    },
  });
  const token = process.env.DATELINE_TOKEN;
  if (values.help || !values.api || !values.feeds || !token) {
    console.error(token || values.help ? USAGE : `DATELINE_TOKEN is not set\n${USAGE}`);
    return values.help ? 0 : 2;
  }
  const region = values.region ?? readSiteFromCdkJson('cdk.json').regions[0]?.slug ?? '';
  const started = Date.now();
  const report = await runSmoke({
    api: values.api,
    feeds: values.feeds,
    token,
    region,
    timeoutMs: Number(values.timeout) * 1000,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(JSON.stringify({ ok: true, ...report, totalMs: Date.now() - started }, null, 2));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
