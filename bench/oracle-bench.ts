import type { Results } from './results.js';
import { heading, ms, percentile, row } from './stats.js';

const ROUNDS = 120;
/** Per asker: under the bench's per-credential limit (10/s), so no answer is a 429. */
const PER_SECOND = 8;

/**
 * No existence oracle (issue 19), in time as in status and body: desks ask for a story another
 * desk holds (embargoed, outside their scope) and for ids nobody sent, alternately, over HTTP.
 * Both must answer the same 404; the p50 and p90 of the two should differ by no more than noise.
 */
export async function oracleBench(
  url: string,
  tokens: { readonly askers: readonly string[]; readonly holder: string },
  results: Results,
): Promise<void> {
  heading('No oracle: GET of a story outside the caller\u2019s scope against an unknown id');
  const hidden = 'oracle-held-story';
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const posted = await fetch(`${url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.holder}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: hidden,
      version: 1,
      channel: 'local',
      regions: ['shuswap'],
      headline: 'Held story for the oracle check',
      summary: 'Embargoed until tomorrow',
      url: 'https://news.example.com/shuswap/held',
      embargoUntil: later,
    }),
  });
  if (posted.status !== 201) throw new Error(`the holder's POST answered ${posted.status}`);
  const times = { hidden: [] as number[], unknown: [] as number[] };
  const bodies = new Set<string>();
  for (let n = 0; n < ROUNDS * 2; n++) {
    const kind = n % 2 === 0 ? 'hidden' : 'unknown';
    const id = kind === 'hidden' ? hidden : `oracle-never-sent-${n}`;
    const started = performance.now();
    // Askers take turns (each stays under its limit); one request at a time, timed alone.
    const asker = tokens.askers[Math.floor(n / 2) % tokens.askers.length];
    const answer = await fetch(`${url}/stories/${id}`, {
      headers: { authorization: `Bearer ${asker}` },
    });
    const body = (await answer.text()).replaceAll(id, '<id>');
    times[kind].push(performance.now() - started);
    if (answer.status !== 404) throw new Error(`GET ${kind} answered ${answer.status}`);
    bodies.add(body);
    await new Promise((resolve) => setTimeout(resolve, 1000 / PER_SECOND / tokens.askers.length));
  }
  const p50 = { hidden: percentile(times.hidden, 50), unknown: percentile(times.unknown, 50) };
  const p90 = { hidden: percentile(times.hidden, 90), unknown: percentile(times.unknown, 90) };
  row('another desk\u2019s held story: p50 / p90', `${ms(p50.hidden)} / ${ms(p90.hidden)}`);
  row('an id nobody sent: p50 / p90', `${ms(p50.unknown)} / ${ms(p90.unknown)}`);
  row('distinct 404 bodies (id masked)', String(bodies.size), 'must be 1');
  results.oracle_p50_ms_hidden = p50.hidden;
  results.oracle_p50_ms_unknown = p50.unknown;
  results.oracle_p50_ratio = p50.hidden / p50.unknown;
}
