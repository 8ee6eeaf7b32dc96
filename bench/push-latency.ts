/**
 * Signed partner push, local mode (issue 22): `npx tsx bench/push-latency.ts [stories]`. Starts
 * its own DynamoDB Local and the local publisher, a partner receiver on 127.0.0.1 (the example
 * receiver's `createReceiver`, so every notification is verified), registers it for
 * okanagan/wire, then posts `stories` (default 30, at least 20) wire stories one at a time and
 * measures, per story, from `POST /stories` answered until the receiver has a verified
 * notification naming that story as `new`. Prints p50, p90 and max (target: p90 ≤ 2 s).
 */
import type { AddressInfo } from 'node:net';
import { createReceiver } from '../examples/partner-receiver/server.mjs';
import { startDynamoDbLocal } from '../lambdas/local/dynamodb-local.js';
import { startBenchApp, TOKEN, wireJson } from './fixtures.js';
import { percentile } from './stats.js';

const stories = Math.max(20, Number(process.argv[2] ?? 30));

export async function pushLatency(endpoint: string, count: number): Promise<number[]> {
  const app = await startBenchApp(endpoint);
  const seen = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  let receiver: ReturnType<typeof createReceiver> | undefined;
  try {
    const call = (path: string, body: unknown) =>
      fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let secret = '';
    receiver = createReceiver({
      secret: () => secret,
      onNotification: (notification) => {
        const at = performance.now();
        for (const item of (notification as { items: { storyId: string; outcome: string }[] })
          .items) {
          if (item.outcome !== 'new' || seen.has(item.storyId)) continue;
          seen.set(item.storyId, at);
          waiting.get(item.storyId)?.();
        }
      },
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    const created = await call('/partners', {
      name: 'bench-partner',
      endpoint: `http://127.0.0.1:${port}/`,
      feeds: ['okanagan/wire'],
    });
    if (created.status !== 201) throw new Error(`POST /partners answered ${created.status}`);
    secret = ((await created.json()) as { secret: string }).secret;
    const lags: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = `push-bench-${i}`;
      const arrived = new Promise<void>((resolve, reject) => {
        waiting.set(id, resolve);
        setTimeout(() => reject(new Error(`${id}: no notification within 30 s`)), 30_000).unref();
      });
      const response = await call('/stories', wireJson(id, i));
      const answered = performance.now();
      if (response.status !== 201) throw new Error(`POST /stories answered ${response.status}`);
      await arrived;
      lags.push((seen.get(id) ?? Number.NaN) - answered);
    }
    return lags;
  } finally {
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dynamo = await startDynamoDbLocal({});
  try {
    const lags = await pushLatency(dynamo.endpoint, stories);
    const fmt = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `push latency over ${lags.length} stories (POST answered → verified notification): ` +
        `p50 ${fmt(percentile(lags, 50))}, p90 ${fmt(percentile(lags, 90))}, ` +
        `max ${fmt(Math.max(...lags))} (target p90 ≤ 2000 ms)`,
    );
  } finally {
    await dynamo.stop();
  }
}
