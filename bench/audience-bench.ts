import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { InMemoryDailyKeys } from '../lambdas/adapters/audience/daily-keys.js';
import { countLogFile } from '../lambdas/adapters/audience/log-processor.js';
import type { AudienceStore } from '../lambdas/core/use-cases/audience/audience-report.js';
import type { FeedDayDelta } from '../lambdas/core/use-cases/audience/audience-tally.js';
import { startBenchApp, TOKEN, wireJson } from './fixtures.js';
import type { Results } from './results.js';
import { heading, ms, percentile, ratio, row } from './stats.js';

/** GETs per server: 1,000 keep the whole bench inside its five minutes (1,500 took 4 s more). */
const ROUNDS = 1000;
const AGENTS = Array.from({ length: 300 }, (_, i) => `BenchReader/${i % 7}.${i} (client ${i})`);
const HOSTED = 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )';
const FEEDS = ['okanagan/wire.rss', 'okanagan/local.atom', 'shuswap/wire.json'];

/**
 * Issue 23: what the local audience counting costs a feed GET. Two local servers on one
 * DynamoDB Local, the same feeds, one counting (flushing every second, so flushes fall inside
 * the run) and one not; GETs alternate between them (300 User-Agents, a third conditional), and
 * the p90s are compared. Then the CloudFront log counting's throughput on a generated file.
 */
export async function audienceBench(endpoint: string, results: Results): Promise<void> {
  heading('Audience: local counting overhead on feed GETs; log counting throughput');
  const counting = await startBenchApp(endpoint, { audienceFlushMs: 1000 });
  const plain = await startBenchApp(endpoint, { countAudience: false });
  try {
    for (let i = 0; i < 20; i++) await post(counting.url, i);
    for (let i = 0; i < 20; i++) await post(plain.url, i);
    await counting.settled();
    await plain.settled();
    const times = { counting: [] as number[], plain: [] as number[] };
    for (let n = 0; n < ROUNDS * 2; n++) {
      const which = n % 2 === 0 ? 'counting' : 'plain';
      const app = which === 'counting' ? counting : plain;
      const feed = FEEDS[Math.floor(n / 2) % FEEDS.length] as string;
      const agent = n % 50 === 0 ? HOSTED : (AGENTS[Math.floor(n / 2) % AGENTS.length] as string);
      const conditional = n % 3 === 0;
      const etag = conditional ? await etagOf(app.url, feed) : undefined;
      const started = performance.now();
      const res = await fetch(`${app.url}/feeds/${feed}`, {
        headers: { 'user-agent': agent, ...(etag ? { 'if-none-match': etag } : {}) },
      });
      await res.arrayBuffer();
      times[which].push(performance.now() - started);
    }
    const p90 = { counting: percentile(times.counting, 90), plain: percentile(times.plain, 90) };
    row('feed GET p90, counting / not counting', `${ms(p90.counting)} / ${ms(p90.plain)}`);
    row('overhead (p90 ratio)', ratio(p90.counting / p90.plain), 'target <= 1.05x');
    results.stats_feed_get_p90_ms_counting = p90.counting;
    results.stats_feed_get_p90_ms_plain = p90.plain;
    results.stats_overhead_p90_ratio = p90.counting / p90.plain;
  } finally {
    await counting.stop();
    await plain.stop();
  }
  await logThroughput(results);
}

async function post(url: string, i: number): Promise<void> {
  const region = i % 2 === 0 ? 'okanagan' : 'shuswap';
  const res = await fetch(`${url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(wireJson(`audience-bench-${i}`, i, region)),
  });
  if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
}

/** The ETag a reader holds (fetched outside the timed request). */
async function etagOf(url: string, feed: string): Promise<string> {
  const res = await fetch(`${url}/feeds/${feed}`, { method: 'HEAD' });
  return res.headers.get('etag') ?? '';
}

const LINES = 200_000;

/** Parses and counts a gzipped CloudFront log of LINES lines (80 % feed fetches), in memory. */
async function logThroughput(results: Results): Promise<void> {
  const file = gzipSync(generatedLog(LINES));
  const deltas: FeedDayDelta[] = [];
  const store: AudienceStore = {
    add: async (d) => void deltas.push(...d),
    read: async () => [],
  };
  const started = performance.now();
  const counted = await countLogFile(
    { audience: store, keys: new InMemoryDailyKeys() },
    Readable.from([file]),
  );
  const seconds = (performance.now() - started) / 1000;
  const perSecond = counted.lines / seconds;
  row(
    `CloudFront log: ${counted.lines} lines (${(file.length / 1e6).toFixed(1)} MB gzipped)`,
    `${(perSecond / 1000).toFixed(0)}k lines/s`,
    `5M fetches in ${(5e6 / perSecond).toFixed(0)} s of one core`,
  );
  results.stats_log_lines_per_s = perSecond;
}

/** A synthetic log for today: 20,000 clients, a few hosted readers, 20 % other paths. */
function generatedLog(lines: number): string {
  const day = new Date().toISOString().slice(0, 10);
  const out = ['#Version: 1.0', FIELDS];
  for (let i = 0; i < lines; i++) {
    const feed = i % 5 === 4 ? '/pages/story.html' : `/feeds/${FEEDS[i % 3]}`;
    const client = (i * 7919) % 20_000;
    const ua = i % 97 === 0 ? HOSTED : `BenchReader/${client % 7}.${client} (client ${client})`;
    const status = i % 3 === 0 ? '304' : '200';
    const time = new Date(Date.parse(`${day}T00:00:00Z`) + (i % 86_400) * 1000)
      .toISOString()
      .slice(11, 19);
    out.push(
      [
        day,
        time,
        'YVR50-C1',
        '5400',
        `10.${(client >> 8) & 255}.${client & 255}.7`,
        'GET',
        'd1.cloudfront.net',
        feed,
        status,
        '-',
        encodeURIComponent(ua),
        '-',
        '-',
        'Hit',
        'id',
        'feeds.example.com',
        'https',
        '180',
        '0.001',
        '-',
        'TLSv1.3',
        'TLS_AES_128_GCM_SHA256',
        'Hit',
        'HTTP/2.0',
        '-',
        '-',
        '51234',
        '0.001',
        'Hit',
        'application/rss+xml',
        status === '304' ? '-' : '5100',
        '-',
        '-',
      ].join('\t'),
    );
  }
  return `${out.join('\n')}\n`;
}

const FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';
