import { FEED_FORMATS } from '../lambdas/core/feed/feed-paths.js';
import type { LocalApp } from '../lambdas/local/local-app.js';
import { regions, TOKEN, wireJson } from './fixtures.js';
import type { Results } from './results.js';
import { heading, percentile, pool, row, target } from './stats.js';

/**
 * POST → visible in all three formats of the story's feed, in local mode. One watcher per feed
 * polls the three files with conditional GETs (a 304 costs little) and resolves every waiting
 * story that all three show.
 */
export async function freshnessBench(app: LocalApp, results: Results): Promise<void> {
  heading('Freshness: POST → visible in RSS, Atom and JSON Feed (local mode)');
  const single = await measure(app, 1, 30);
  results.freshness_p50_ms = percentile(single, 50);
  results.freshness_p90_ms = percentile(single, 90);
  row('one sender, 30 posts: max', `${Math.max(...single).toFixed(0)} ms`);
  target('one sender: p50', results.freshness_p50_ms, 150, 'ms');
  target('one sender: p90', results.freshness_p90_ms, 300, 'ms');
  await app.settled();
  const many = await measure(app, 16, 6);
  results.freshness_p90_ms_16_senders = percentile(many, 90);
  row('16 senders, 96 posts: p50', `${percentile(many, 50).toFixed(0)} ms`);
  target('16 senders: p90', results.freshness_p90_ms_16_senders, 1000, 'ms');
  await app.settled();
}

async function measure(app: LocalApp, senders: number, posts: number): Promise<number[]> {
  const watchers = new Map(regions.map((region) => [region, createWatcher(app.url, region)]));
  const latencies: number[] = [];
  try {
    await pool(
      Array.from({ length: senders }, (_, i) => i),
      senders,
      async (sender) => {
        const region = regions[sender % regions.length] as string;
        for (let n = 0; n < posts; n++) {
          const id = `fresh${senders}-s${String(sender).padStart(2, '0')}-n${String(n).padStart(3, '0')}`;
          const started = performance.now();
          const visible = (watchers.get(region) as Watcher).waitFor(id);
          const response = await fetch(`${app.url}/stories`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              ...wireJson(id, 0, region),
              publishedAt: new Date().toISOString(),
            }),
          });
          if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
          await visible;
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
  waitFor(id: string): Promise<void>;
  stop(): void;
}

function createWatcher(baseUrl: string, region: string): Watcher {
  const urls = FEED_FORMATS.map((format) => `${baseUrl}/feeds/${region}/wire.${format}`);
  const bodies = urls.map(() => '');
  const etags = urls.map(() => '');
  const waiting = new Map<string, () => void>();
  let running = true;
  let polling = false;

  const poll = async () => {
    polling = true;
    while (running && waiting.size > 0) {
      await Promise.all(
        urls.map(async (url, i) => {
          const response = await fetch(url, { headers: { 'if-none-match': etags[i] ?? '' } });
          if (response.status === 200) {
            bodies[i] = await response.text();
            etags[i] = response.headers.get('etag') ?? '';
          } else {
            await response.arrayBuffer();
          }
        }),
      );
      for (const [id, done] of waiting) {
        if (bodies.every((body) => body.includes(`story/${id}`))) {
          waiting.delete(id);
          done();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    polling = false;
  };
  return {
    waitFor(id) {
      return new Promise<void>((resolve) => {
        waiting.set(id, resolve);
        if (!polling) void poll();
      });
    },
    stop() {
      running = false;
    },
  };
}
