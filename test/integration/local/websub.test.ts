import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSubNotifier } from '../../../lambdas/adapters/websub/websub-notifier.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { sampleSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp, waitFor } from '../support/local-app.js';

/** A WebSub hub on loopback that records every publish ping it gets. */
let hub: Server;
let hubUrl: string;
const pings: Array<Record<string, string>> = [];
let app: LocalApp;

beforeAll(async () => {
  hub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      pings.push(Object.fromEntries(new URLSearchParams(body)));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/hub`;
  app = await startTestApp({ site: { ...sampleSite, websubHub: hubUrl } });
});

afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => hub.close(resolve));
});

describe('WebSub', () => {
  it('pings the hub with every feed URL a publish changed', async () => {
    pings.length = 0;
    await api(
      app,
      'POST',
      '/stories',
      localStoryJson({ id: 'hub-1', regions: ['shuswap'], publishedAt: new Date().toISOString() }),
    );
    const expected = ['rss', 'atom', 'json'].map((f) => `${app.url}/feeds/shuswap/local.${f}`);
    await waitFor(async () => expected.every((url) => pings.some((p) => p['hub.url'] === url)));
    expect(pings.every((p) => p['hub.mode'] === 'publish')).toBe(true);
    expect(pings.some((p) => p['hub.url']?.includes('/okanagan/'))).toBe(false);
  });

  it('reports a hub that is down instead of failing the publish', async () => {
    const failures: string[] = [];
    const notify = createWebSubNotifier('http://127.0.0.1:9/hub', (url, reason) =>
      failures.push(`${url}: ${reason}`),
    );
    await expect(notify(['http://localhost/feeds/a/local.rss'])).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });
});
