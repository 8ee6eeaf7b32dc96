import { FEED_FORMATS } from '../lambdas/core/formats/feed-paths.js';
import type { LocalApp } from '../lambdas/local/local-app.js';
import { regions, TOKEN, wireJson } from './fixtures.js';
import type { Results } from './results.js';
import { heading, percentile, pool, row, target, withTimeout } from './stats.js';

/**
 * POST → visible in all three formats of the story's feed, in local mode. One watcher per feed
 * polls its files with conditional GETs (a 304 costs little) and resolves every waiting story
 * that all three show.
 */
export async function freshnessBench(app: LocalApp, results: Results): Promise<void> {
  heading('Freshness: POST → visible in RSS, Atom and JSON Feed (local mode)');
  try {
    await measureBoth(app, results);
  } catch (error) {
    row('FAILED (figures left out)', '', String(error instanceof Error ? error.message : error));
  }
}

async function measureBoth(app: LocalApp, results: Results): Promise<void> {
  // Unmeasured: 160 stories fill every feed past its 50 items, so each measured post pushes one
  // into the archive, as in a newsroom's running feeds (and DynamoDB Local's JVM warms up).
  await measure(app, 16, 10, 'warm');
  await withTimeout(app.settled(), 60_000, 'publishing what was posted');
  const single = await measure(app, 1, 30);
  results.freshness_p50_ms = percentile(single, 50);
  results.freshness_p90_ms = percentile(single, 90);
  row('one sender, 30 posts: max', `${Math.max(...single).toFixed(0)} ms`);
  target('one sender: p50', results.freshness_p50_ms, 150, 'ms');
  target('one sender: p90', results.freshness_p90_ms, 300, 'ms');
  await withTimeout(app.settled(), 60_000, 'publishing what was posted');
  const many = await measure(app, 16, 6);
  results.freshness_p90_ms_16_senders = percentile(many, 90);
  row('16 senders, 96 posts: p50', `${percentile(many, 50).toFixed(0)} ms`);
  target('16 senders: p90', results.freshness_p90_ms_16_senders, 1000, 'ms');
  await withTimeout(app.settled(), 60_000, 'publishing what was posted');
}

/** How long one story may take to show in all three formats before the bench gives up. */
const VISIBLE_TIMEOUT_MS = 30_000;

async function measure(
  app: LocalApp,
  senders: number,
  posts: number,
  tag = `fresh${senders}`,
): Promise<number[]> {
  const watchers = new Map(regions.map((region) => [region, createWatcher(app.url, region)]));
  const latencies: number[] = [];
  let failed = false;
  try {
    await pool(
      Array.from({ length: senders }, (_, i) => i),
      senders,
      async (sender) => {
        const region = regions[sender % regions.length] as string;
        for (let n = 0; n < posts && !failed; n++) {
          const id = `${tag}-s${String(sender).padStart(2, '0')}-n${String(n).padStart(3, '0')}`;
          const started = performance.now();
          const visible = (watchers.get(region) as Watcher).waitFor(id, VISIBLE_TIMEOUT_MS);
          try {
            const response = await fetch(`${app.url}/stories`, {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                ...wireJson(id, 0, region),
                publishedAt: new Date().toISOString(),
              }),
            });
            await response.arrayBuffer();
            if (response.status !== 201) throw new Error(`POST ${id} answered ${response.status}`);
            await visible;
          } catch (error) {
            failed = true;
            visible.catch(() => undefined);
            throw error;
          }
          latencies.push(performance.now() - started);
        }
      },
    );
  } finally {
    for (const watcher of watchers.values()) watcher.stop();
  }
  return latencies;
}

interface Watcher {
  /** Resolves once all three formats list the story; rejects, naming what is missing, on timeout. */
  waitFor(id: string, timeoutMs: number): Promise<void>;
  /** Ends polling; whoever still waits is rejected. */
  stop(): void;
}

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Polls the files of one feed with conditional GETs (a 304 costs little) and resolves each
 * waiting story once all three show it. A failed GET is retried; the last failure is named if a
 * story then times out.
 */
function createWatcher(baseUrl: string, region: string): Watcher {
  const urls = FEED_FORMATS.map((format) => `${baseUrl}/feeds/${region}/wire.${format}`);
  const bodies = urls.map(() => '');
  const etags = urls.map(() => '');
  const waiting = new Map<string, Waiting>();
  let running = true;
  let polling = false;
  let lastError: unknown;

  const fetchOne = async (i: number) => {
    const response = await fetch(urls[i] as string, {
      headers: { 'if-none-match': etags[i] ?? '' },
    });
    if (response.status === 200) {
      bodies[i] = await response.text();
      etags[i] = response.headers.get('etag') ?? '';
    } else {
      await response.arrayBuffer();
    }
  };
  // The first format is polled alone; the other two are read once it shows a story someone
  // waits for. A reader polls far less often than this: the bench's own GETs share the local
  // server's event loop with the ingest and the publisher it measures, so they are kept few.
  const fetchAll = async () => {
    await fetchOne(0);
    const shown = [...waiting.keys()].some((id) => bodies[0]?.includes(`story/${id}`));
    if (shown) await Promise.all(urls.slice(1).map((_, i) => fetchOne(i + 1)));
  };
  const poll = async () => {
    polling = true;
    try {
      while (running && waiting.size > 0) {
        try {
          await fetchAll();
        } catch (error) {
          lastError = error;
        }
        for (const [id, wait] of waiting) {
          if (bodies.every((body) => body.includes(`story/${id}`))) {
            waiting.delete(id);
            clearTimeout(wait.timer);
            wait.resolve();
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      polling = false;
    }
  };
  const missing = (id: string) =>
    FEED_FORMATS.filter((_, i) => !bodies[i]?.includes(`story/${id}`)).join(', ');
  return {
    waitFor(id, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          const cause = lastError ? `; last GET failure: ${String(lastError)}` : '';
          reject(
            new Error(
              `story ${id} was not in ${region}/wire.{${missing(id)}} ${timeoutMs / 1000} s after its POST${cause}`,
            ),
          );
        }, timeoutMs);
        waiting.set(id, { resolve, reject, timer });
        if (!polling) void poll();
      });
    },
    stop() {
      running = false;
      for (const [id, wait] of waiting) {
        clearTimeout(wait.timer);
        wait.reject(new Error(`stopped while waiting for ${id}`));
      }
      waiting.clear();
    },
  };
}
