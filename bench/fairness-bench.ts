import { DEFAULT_RATE_LIMIT as LIMIT } from '../lambdas/adapters/http/rate-limit.js';
import { startSenders } from './fairness-senders.js';
import { TOKEN } from './fixtures.js';
import { oracleBench } from './oracle-bench.js';
import type { Results } from './results.js';
import { startServerProcess } from './server-process.js';
import { heading, ms, percentile, row, target } from './stats.js';

const FLOOD_PER_SECOND = 50;
/** Two quiet desks, 5 stories/s each: 10/s between them. */
const QUIET_DESKS = 2;
const QUIET_PER_SECOND = 5;
/** Seconds of each measured phase; the phases alternate quiet, flooded, flooded, quiet, … */
const PHASE_SECONDS = 3;
const PHASES = ['quiet', 'flooded', 'flooded', 'quiet', 'quiet', 'flooded', 'flooded', 'quiet'];
/**
 * A first phase of both, not measured: the server's and DynamoDB Local's JIT warm up (the JVM's
 * compiler threads still take about half a core a minute after start). After 10 s the first
 * flooded phase still ran up to twice as slow as the later ones (ratios 2.07-2.25 in four runs);
 * after 20 s it was still the slowest phase of every run (42 ms against 23-29 ms, ratio 1.19x);
 * after 35 s it ran as the others did (1.13x and 1.05x).
 */
const WARM_UP_SECONDS = 35;
/** The oracle's askers, taking turns (each under the limit): 240 GETs in about 8 s. */
const ORACLE_ASKERS = 4;

const secondsOf = (phase: string) => (phase === 'warm-up' ? WARM_UP_SECONDS : PHASE_SECONDS);

/**
 * Fairness (issue 19): the p90 POST latency of quiet desks (10 stories/s between them), alone and
 * while one credential sends 50 requests/s past its limit (the product's default, `DEFAULT_RATE_LIMIT`), on a local server
 * of its own. After a warm-up of both, not measured, 3 s phases alternate quiet, flooded,
 * flooded, quiet, … so both see the same machine load and its drift. The desks and the flood
 * send from processes of their own, as other machines would: in the server's process their
 * requests and answers would wait in its event loop and count as the server's latency, and in
 * one process the flood's would count in the desks' own timing. The server runs in a process of
 * its own too, as `npm start` runs it (in the bench's, the whole bench gave 1.15-1.23x where
 * the section alone gave 1.10-1.12x).
 */
export async function fairnessBench(endpoint: string, results: Results): Promise<void> {
  heading(
    `Fairness: ${QUIET_DESKS} desks at ${QUIET_PER_SECOND}/s each, alone and beside one credential at ${FLOOD_PER_SECOND}/s past its ${LIMIT.perSecond}/s limit`,
  );
  // The product's own limit per credential (local and AWS), on a server in a process of its own.
  const app = await startServerProcess(endpoint);
  try {
    const make = (name: string) => createCredential(app.url, name);
    const desks = await Promise.all(
      Array.from({ length: QUIET_DESKS }, (_, i) => make(`desk-${i}`)),
    );
    const flooder = await make('flooder');
    const quiet: number[] = [];
    const flooded: number[] = [];
    const phaseP90s: string[] = [];
    let refused = 0;
    // The desks and the flood each send from a process of their own, as from machines of their
    // own: in one process the flood's requests and answers would delay the desks' timing.
    const [deskSenders, floodSenders] = await Promise.all([startSenders(), startSenders()]);
    try {
      for (const phase of ['warm-up', ...PHASES]) {
        const common = { url: app.url, phase, seconds: secondsOf(phase) };
        const flood = { token: flooder, perSecond: FLOOD_PER_SECOND };
        const [sent, flooding] = await Promise.all([
          deskSenders.run({
            ...common,
            desks: desks.map((token) => ({ token, perSecond: QUIET_PER_SECOND })),
          }),
          phase === 'quiet' ? undefined : floodSenders.run({ ...common, desks: [], flood }),
        ]);
        await app.settled();
        if (phase === 'warm-up') continue;
        (phase === 'quiet' ? quiet : flooded).push(...sent.latencies);
        phaseP90s.push(`${phase[0]} ${percentile(sent.latencies, 90).toFixed(0)}`);
        refused += flooding?.refused ?? 0;
      }
    } finally {
      deskSenders.stop();
      floodSenders.stop();
    }
    const p90Quiet = percentile(quiet, 90);
    const p90Flooded = percentile(flooded, 90);
    row('quiet desks alone: p90 POST', ms(p90Quiet), `${quiet.length} posts`);
    row('beside the flood: p90 POST', ms(p90Flooded), `${flooded.length} posts`);
    row('flood requests answered 429', String(refused));
    row('p90 of each phase in turn (ms)', phaseP90s.join(', '));
    results.fairness_p90_ms_alone = p90Quiet;
    results.fairness_p90_ms_flooded = p90Flooded;
    results.fairness_p90_ratio = p90Flooded / p90Quiet;
    target('beside the flood / alone (p90)', results.fairness_p90_ratio, 1.2, 'x');
    const holder = await createCredential(app.url, 'holder', ['shuswap']);
    const askers = await Promise.all(
      Array.from({ length: ORACLE_ASKERS }, (_, i) => make(`asker-${i}`)),
    );
    await oracleBench(app.url, { askers, holder }, results);
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
