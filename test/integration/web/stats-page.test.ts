import { createRequire } from 'node:module';
import { HtmlValidate } from 'html-validate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { browserChecks, launchChromium } from '../../support/chromium.js';
import { startTestApp, TEST_TOKEN } from '../support/local-app.js';

/**
 * `GET /stats` as an editor sees it: headless Chromium with the admin token, after feeds were
 * fetched by hosted readers and other clients. Its charts are inline SVG under the page's own
 * Content-Security-Policy (a blocked style or script would be a console error), and it passes
 * axe-core and html-validate.
 */

const browserCheck = browserChecks('stats page');
const axeSource = createRequire(import.meta.url)('axe-core').source as string;
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
let app: LocalApp;
let launching: Promise<Browser> | undefined;
let tab: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  launching = browserCheck.skip ? undefined : launchChromium();
  launching?.catch(() => undefined);
  app = await startTestApp();
  const agents = [
    'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )',
    'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
    'OrchardReader/3.1 (Linux)',
    'OrchardReader/3.2 (Linux)',
  ];
  for (const path of ['/feeds/okanagan/wire.rss', '/feeds/shuswap/local.json']) {
    for (const agent of agents) {
      const res = await fetch(`${app.url}${path}`, { headers: { 'user-agent': agent } });
      await res.arrayBuffer();
    }
  }
  if (launching) {
    const context = await (await launching).newContext({
      extraHTTPHeaders: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    await context.addInitScript({ content: axeSource });
    tab = await context.newPage();
    tab.on('console', (message) => {
      if (message.type() === 'error') {
        consoleErrors.push(`${message.text()} ${message.location().url}`);
      }
    });
    tab.on('pageerror', (error) => consoleErrors.push(error.message));
  }
});

afterAll(async () => {
  await (await launching?.catch(() => undefined))?.close();
  await app?.stop();
});

describe('the stats page', () => {
  it('is valid HTML with an SVG chart and a table per feed, under a CSP without script', async () => {
    const res = await fetch(`${app.url}/stats`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    const html = await res.text();
    const report = await validator.validateString(html);

    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    expect(
      report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)),
    ).toEqual([]);
    expect(html.match(/<svg[^>]+role="img"/g)).toHaveLength(2);
    expect(html.match(/<table>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|style="/);
  });

  describe.skipIf(browserCheck.skip)('in Chromium', () => {
    it('renders every chart with no console error and passes axe', async () => {
      await tab.goto(`${app.url}/stats`, { waitUntil: 'load' });
      const charts = tab.locator('svg[role="img"]');
      const box = await charts.first().boundingBox();
      const result = (await tab.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
        violations: Array<{ id: string; nodes: unknown[] }>;
      };

      expect(await charts.count()).toBe(2);
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(80);
      expect(await tab.locator('h2').allTextContents()).toEqual([
        'okanagan/wire.rss',
        'shuswap/local.json',
      ]);
      expect(await tab.locator('polyline').count()).toBe(4);
      expect(result.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await tab.screenshot({ path: 'test-results/stats-page.png', fullPage: true });
    });
  });
});
