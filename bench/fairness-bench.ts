import { startSenders } from './fairness-senders.js';
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
 * of its own. Phases alternate so both see the same machine load. The senders run in a process
 * of their own, as other machines would: in the server's process their own requests and answers
 * (50 a second from the flood) would wait in its event loop and count as the server's latency.
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
    const senders = await startSenders();
    try {
      for (const phase of ['quiet', 'flooded', 'quiet', 'flooded'] as const) {
        const sent = await senders.run({
          url: app.url,
          phase,
          seconds: SECONDS / 2,
          desks: desks.map((token) => ({ token, perSecond: QUIET_PER_SECOND })),
          flood: phase === 'flooded' ? { token: flooder, perSecond: FLOOD_PER_SECOND } : undefined,
        });
        (phase === 'quiet' ? quiet : flooded).push(...sent.latencies);
        refused += sent.refused;
        await app.settled();
      }
    } finally {
      senders.stop();
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
