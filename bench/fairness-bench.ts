import { randomUUID } from 'node:crypto';
import { startBenchApp, TOKEN } from './fixtures.js';
import { oracleBench } from './oracle-bench.js';
import type { Results } from './results.js';
import { heading, ms, percentile, row, target } from './stats.js';

const LIMIT = { perSecond: 10, burst: 20 };
const FLOOD_PER_SECOND = 50;
/** Two quiet desks, 5 stories/s each: 10/s between them. */
const QUIET_DESKS = 2;
const QUIET_PER_SECOND = 5;
const SECONDS = 12;

/**
 * Fairness (issue 19): the p90 POST latency of quiet desks (10 stories/s between them), alone and
 * while one credential sends 50 requests/s past its limit (10/s, bursts of 20), on a local server
 * of its own. Phases alternate so both see the same machine load.
 */
export async function fairnessBench(endpoint: string, results: Results): Promise<void> {
  heading(
    `Fairness: ${QUIET_DESKS} desks at ${QUIET_PER_SECOND}/s each, alone and beside one credential at ${FLOOD_PER_SECOND}/s past its ${LIMIT.perSecond}/s limit`,
  );
  const app = await startBenchApp(endpoint, { rateLimit: LIMIT });
  try {
    const make = (name: string) => createCredential(app.url, name);
    const desks = await Promise.all(
      Array.from({ length: QUIET_DESKS }, (_, i) => make(`desk-${i}`)),
    );
    const flooder = await make('flooder');
    const quiet: number[] = [];
    const flooded: number[] = [];
    let refused = 0;
    for (const phase of ['quiet', 'flooded', 'quiet', 'flooded'] as const) {
      const stop = Date.now() + (SECONDS / 2) * 1000;
      const senders = desks.map((token, d) =>
        paced(QUIET_PER_SECOND, stop, async (n) => {
          const latency = await post(app.url, token, `${phase}-${d}-${n}-${randomUUID()}`);
          (phase === 'quiet' ? quiet : flooded).push(latency.ms);
        }),
      );
      if (phase === 'flooded') {
        senders.push(
          paced(FLOOD_PER_SECOND, stop, async (n) => {
            const answer = await post(app.url, flooder, `flood-${n}-${randomUUID()}`);
            if (answer.status === 429) refused++;
          }),
        );
      }
      await Promise.all(senders);
      await app.settled();
    }
    const p90Quiet = percentile(quiet, 90);
    const p90Flooded = percentile(flooded, 90);
    row('quiet desks alone: p90 POST', ms(p90Quiet), `${quiet.length} posts`);
    row('beside the flood: p90 POST', ms(p90Flooded), `${flooded.length} posts`);
    row('flood requests answered 429', String(refused));
    results.fairness_p90_ms_alone = p90Quiet;
    results.fairness_p90_ms_flooded = p90Flooded;
    results.fairness_p90_ratio = p90Flooded / p90Quiet;
    target('beside the flood / alone (p90)', results.fairness_p90_ratio, 1.2, 'x');
    const holder = await createCredential(app.url, 'holder', ['shuswap']);
    await oracleBench(app.url, { asker: desks[0] as string, holder }, results);
  } finally {
    await app.stop();
  }
}

/** Calls `send` `perSecond` times a second (not waiting for answers) until `stop`. */
async function paced(
  perSecond: number,
  stop: number,
  send: (n: number) => Promise<void>,
): Promise<void> {
  const pending: Promise<void>[] = [];
  const start = Date.now();
  for (let n = 0; Date.now() < stop; n++) {
    pending.push(send(n));
    const next = start + ((n + 1) * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(pending);
}

async function post(
  url: string,
  token: string,
  id: string,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      version: 1,
      channel: 'local',
      regions: ['okanagan'],
      headline: 'Farmers market moves indoors for the winter',
      summary: 'The Saturday market opens in the arena hall from November.',
      url: `https://news.example.com/okanagan/${id}`,
    }),
  });
  await response.arrayBuffer();
  const status = response.status;
  if (status !== 201 && status !== 429) throw new Error(`POST answered ${status}`);
  return { status, ms: performance.now() - started };
}

async function createCredential(
  url: string,
  name: string,
  regions = ['okanagan'],
): Promise<string> {
  const response = await fetch(`${url}/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, channels: ['local'], regions }),
  });
  if (response.status !== 201) throw new Error(`creating ${name} answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
