import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClient } from '../lambdas/adapters/dynamodb/client.js';
import { FEED_FORMATS, feedKey, storyPageKey } from '../lambdas/core/formats/feed-paths.js';
import type { Channel } from '../lambdas/core/story/story.js';
import { ensureTable } from '../lambdas/local/ensure-table.js';
import type { LocalApp } from '../lambdas/local/local-app.js';
import { type AwsCounters, countsBetween, createAwsCounters } from './aws-counters.js';
import { costPerMillion } from './cost-model.js';
import { siteWithRegions, startBenchApp, TOKEN, wireJson } from './fixtures.js';
import { prefillStars } from './peak-prefill.js';
import type { Results } from './results.js';
import { heading, ms, percentile, row, target, withTimeout } from './stats.js';

const REGIONS = 150;
const RATE = 20;
const SECONDS = Number(process.env.BENCH_PEAK_SECONDS ?? 30);
/** How long after the last POST the bench waits for every story before it gives up. */
const DRAIN_CAP_MS = 60_000;

type CostKey =
  | 'cost_per_million_wire_usd'
  | 'cost_per_million_local_usd'
  | 'cost_per_million_star150_usd';

interface Sent {
  readonly id: string;
  readonly started: number;
  readonly remaining: Set<string>;
  visibleAt?: number;
}

/**
 * Breaking news at group scale (issue 20), in local mode: 150 regions, every feed already past
 * its 50 items, then 20 stories a second for 30 s (10 % `*` wire, the rest one region each, half
 * local, half wire). A story is visible once every one of its feeds' three formats has been
 * written with it (seen at the feed folder, where S3 would be: 450 files are too many to poll
 * over HTTP on two cores). Before it, one story at a time into full feeds, counted as AWS bills
 * it. A burst whose stories are not all visible 60 s after the last POST is cut there: its lags
 * and drain are then lower bounds, and its renders and retries those done by the cut.
 */
export async function peakBench(endpoint: string, results: Results): Promise<void> {
  const site = siteWithRegions(REGIONS);
  const slugs = site.regions.map((r) => r.slug);
  const counters = createAwsCounters();
  const tableName = `bench-peak-${randomUUID()}`;
  const client = createDynamoDbClient({ region: 'local', endpoint });
  try {
    await ensureTable(client, tableName);
    await prefillStars(client, tableName, 60);
  } finally {
    client.destroy();
  }
  heading(`Peak: ${RATE} stories/s for ${SECONDS} s over ${REGIONS} full regions (local mode)`);
  const startup = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'dateline-peak-'));
  const app = await startBenchApp(endpoint, {
    site,
    tableName,
    dataDir,
    sweepIntervalMs: 60_000,
    instrument: counters.instrument,
  });
  row(
    'start-up: first render of 300 full feeds',
    `${((performance.now() - startup) / 1000).toFixed(1)} s`,
  );
  try {
    const visibility = watchVisibility(counters, join(dataDir, 'feeds'));
    // Steady first: a burst the publisher cannot keep up with would leave a backlog behind it.
    await steady(app, visibility, slugs, results, counters);
    await burst(app, visibility, slugs, results, counters);
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function watchVisibility(counters: AwsCounters, feedDir: string) {
  const pendingByKey = new Map<string, Set<Sent>>();
  const waiters = new Map<Sent, () => void>();
  const seen = (key: string, bytes: Buffer) => {
    const pending = pendingByKey.get(key);
    if (!pending) return;
    const listed = storyIdsIn(bytes, new Set([...pending].map((sent) => sent.id)));
    for (const sent of [...pending]) {
      if (!listed.has(sent.id)) continue;
      pending.delete(sent);
      sent.remaining.delete(key);
      if (sent.remaining.size === 0) {
        sent.visibleAt = performance.now();
        waiters.get(sent)?.();
      }
    }
  };
  // Read back from the folder, on this thread: a later write may be read instead of the one
  // told, which can only make a story look visible later than it was.
  counters.onPut((key) => {
    if (!pendingByKey.get(key)?.size) return;
    readFile(join(feedDir, key)).then(
      (bytes) => seen(key, bytes),
      () => undefined,
    );
  });
  return {
    track(id: string, feeds: ReadonlyArray<{ region: string; channel: Channel }>): Sent {
      const keys = feeds.flatMap((f) =>
        FEED_FORMATS.map((fmt) => feedKey(f.region, f.channel, fmt)),
      );
      const sent: Sent = { id, started: performance.now(), remaining: new Set(keys) };
      for (const key of keys) {
        const set = pendingByKey.get(key) ?? new Set();
        set.add(sent);
        pendingByKey.set(key, set);
      }
      return sent;
    },
    visible(sent: Sent): Promise<void> {
      if (sent.visibleAt !== undefined) return Promise.resolve();
      return new Promise((resolve) => waiters.set(sent, resolve));
    },
  };
}

type Visibility = ReturnType<typeof watchVisibility>;

const ID_MARK = Buffer.from('story/');
const LT = 0x3c;
const QUOTE = 0x22;

/**
 * Which of the `wanted` ids a feed file lists (`…story/{id}` then `<` in RSS and Atom, `"` in
 * JSON Feed), found in its bytes without decoding them, and only as far as the last of them:
 * new stories are near the top of a feed, and a full wire feed is about 1 MB. The watcher runs
 * in the publisher's process: a string search per pending story per written file took about a
 * quarter of the process's CPU in a 10 s burst, and decoding each file to a string still a
 * tenth. It reads the files on the ingest thread; handing each one over from the publisher's
 * thread cost that thread a tenth of its time.
 */
function storyIdsIn(bytes: Buffer, wanted: ReadonlySet<string>): Set<string> {
  const ids = new Set<string>();
  let at = bytes.indexOf(ID_MARK);
  while (at !== -1 && ids.size < wanted.size) {
    const start = at + ID_MARK.length;
    const stop = Math.min(bytes.length, start + 200);
    let end = start;
    while (end < stop && bytes[end] !== LT && bytes[end] !== QUOTE) end++;
    const id = bytes.toString('latin1', start, end);
    if (wanted.has(id)) ids.add(id);
    at = bytes.indexOf(ID_MARK, end);
  }
  return ids;
}

function storyBody(id: string, channel: Channel, regions: string[]) {
  const publishedAt = new Date().toISOString();
  if (channel === 'wire') return { ...wireJson(id, 0), regions, publishedAt };
  return {
    id,
    version: 1,
    channel,
    regions,
    headline: `Peak teaser ${id}`,
    summary: 'A local teaser posted during the breaking-news peak',
    url: `https://news.example.com/local/${id}`,
    publishedAt,
  };
}

async function post(app: LocalApp, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${app.url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (response.status !== 201)
    throw new Error(`POST ${String(body.id)} answered ${response.status}`);
}

type Kind = 'star' | Channel;

/** The i-th story of a burst: every tenth a `*` wire story, the rest one region, local or wire. */
function kindOf(i: number): Kind {
  return i % 10 === 0 ? 'star' : i % 2 === 0 ? 'wire' : 'local';
}

function storyOf(i: number, slugs: readonly string[], tag: string, kind = kindOf(i)) {
  const id = `${tag}-${String(i).padStart(5, '0')}`;
  if (kind === 'star') {
    const feeds = slugs.map((region) => ({ region, channel: 'wire' as const }));
    return { id, feeds, body: storyBody(id, 'wire', ['*']) };
  }
  const region = slugs[(i * 7919) % slugs.length] as string;
  return { id, feeds: [{ region, channel: kind }], body: storyBody(id, kind, [region]) };
}

async function burst(
  app: LocalApp,
  visibility: Visibility,
  slugs: readonly string[],
  results: Results,
  counters: AwsCounters,
) {
  const before = counters.snapshot();
  const total = RATE * SECONDS;
  const sent: Sent[] = [];
  const posts: Promise<void>[] = [];
  let touched = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const story = storyOf(i, slugs, 'peak');
    touched += story.feeds.length;
    const tracked = visibility.track(story.id, story.feeds);
    sent.push(tracked);
    posts.push(post(app, story.body));
  }
  await Promise.all(posts);
  const lastPost = performance.now();
  const all = Promise.all(sent.map((s) => visibility.visible(s)));
  await withTimeout(all, DRAIN_CAP_MS, 'the burst').catch((error: Error) =>
    row('DRAIN', 'cut', error.message),
  );
  const delta = countsBetween(before, counters.snapshot());
  const now = performance.now();
  const lags = sent.map((s) => (s.visibleAt ?? now) - s.started);
  const lastVisible = Math.max(...sent.map((s) => s.visibleAt ?? now));
  const unseen = sent.filter((s) => s.visibleAt === undefined).length;
  results.peak_lag_p50_ms = percentile(lags, 50);
  results.peak_lag_p99_ms = percentile(lags, 99);
  results.peak_drain_s = Math.max(0, lastVisible - lastPost) / 1000;
  results.renders_per_feed_story_peak = (delta.metrics.FeedsRendered ?? 0) / touched;
  results.cas_retries_peak = delta.metrics.CasRetries ?? 0;
  row(
    'stories posted',
    String(total),
    `${touched} story-feed pairs; ${unseen} not visible by the cut`,
  );
  row('POSTs took', `${((lastPost - start) / 1000).toFixed(1)} s`);
  for (const kind of ['star', 'wire', 'local'] as const) {
    const of = lags.filter((_, i) => kindOf(i) === kind);
    row(
      `  ${kind === 'star' ? '`*` wire' : `one region, ${kind}`}: lag p50 / max`,
      `${ms(percentile(of, 50))} / ${ms(Math.max(...of))}`,
    );
  }
  target('lag p50', results.peak_lag_p50_ms, 10_000, 'ms');
  target('lag p99', results.peak_lag_p99_ms, 10_000, 'ms');
  row('drain after the last POST', `${results.peak_drain_s.toFixed(1)} s`, '(target ≤ 10 s)');
  target('feed renders per story-feed', results.renders_per_feed_story_peak, 0.5, 'x');
  row('compare-and-swap retries', String(results.cas_retries_peak), '(target 0)');
  const mean = (name: string) => (delta.metrics[name] ?? 0) / Math.max(1, delta.emitted[name] ?? 0);
  row(
    'stream batches / mean time / mean lag at end',
    `${delta.emitted.RenderMs ?? 0} / ${ms(mean('RenderMs'))} / ${ms(mean('IngestToPublishLagMs'))}`,
    'the stream publisher: pages, then feeds queued',
  );
  row(
    'feed renders / mean time',
    `${delta.emitted.FeedRenderMs ?? 0} / ${ms(mean('FeedRenderMs'))}`,
  );
  row(
    'files written / S3 GETs',
    `${delta.s3Puts} / ${delta.s3Gets}`,
    `CPU ${delta.cpuSeconds.toFixed(1)} s`,
  );
}

/** One story at a time into full feeds: files per feed, and cost per million of each kind. */
async function steady(
  app: LocalApp,
  visibility: Visibility,
  slugs: readonly string[],
  results: Results,
  counters: AwsCounters,
) {
  heading('Steady: one story at a time into full feeds, counted as AWS bills it');
  const kinds: ReadonlyArray<{ key: CostKey; count: number; kind: Kind }> = [
    { key: 'cost_per_million_wire_usd', count: 6, kind: 'wire' },
    { key: 'cost_per_million_local_usd', count: 6, kind: 'local' },
    { key: 'cost_per_million_star150_usd', count: 2, kind: 'star' },
  ];
  let regionalFiles = 0;
  let regionalStories = 0;
  for (const kind of kinds) {
    const before = counters.snapshot();
    for (let i = 0; i < kind.count; i++) {
      const story = storyOf(i, slugs, `steady-${kind.kind}`, kind.kind);
      const tracked = visibility.track(story.id, story.feeds);
      await post(app, story.body);
      await withTimeout(visibility.visible(tracked), 60_000, `${story.id} in its feeds`);
      await withTimeout(app.settled(), 60_000, `publishing ${story.id}`);
    }
    // The sitemap files these stories changed are written by the minute sweep: one sweep per
    // kind is counted with its stories (conservative: a group files ~14 stories a minute).
    await withTimeout(app.sweep(), 60_000, `the sweep after the ${kind.kind} stories`);
    const delta = countsBetween(before, counters.snapshot());
    results[kind.key] = costPerMillion(delta, kind.count);
    row(kind.key, `$${results[kind.key]?.toFixed(2)}`, describe(delta));
    if (kind.key !== 'cost_per_million_star150_usd') {
      const pages = new Set(
        Array.from({ length: kind.count }, (_, i) =>
          storyPageKey(storyOf(i, slugs, `steady-${kind.kind}`, kind.kind).id),
        ),
      );
      // Per feed: what a story's publish writes besides its page and the site's sitemaps (one
      // each per story, whatever its feeds: counted in the cost figures above).
      regionalFiles += delta.putKeys.filter((key) => !pages.has(key) && !isSiteFile(key)).length;
      regionalStories += kind.count;
    }
  }
  results.writes_per_feed_story_steady = regionalFiles / regionalStories;
  target('files written per feed per story', results.writes_per_feed_story_steady, 4.2, 'x');
}

/** The site-wide files a story's publish rewrites: the sitemaps and robots.txt. */
function isSiteFile(key: string): boolean {
  return key === 'sitemap.xml' || key.startsWith('sitemaps/') || key === 'robots.txt';
}

function describe(delta: ReturnType<typeof countsBetween>): string {
  return `${delta.s3Puts} PUT, ${delta.s3Gets} GET, ${delta.rcu.toFixed(0)} RCU, ${delta.wcu.toFixed(0)} WCU, CPU ${delta.cpuSeconds.toFixed(2)} s`;
}
