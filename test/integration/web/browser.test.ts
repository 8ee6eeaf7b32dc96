import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HtmlValidate } from 'html-validate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { browserChecks, launchChromium } from '../../support/chromium.js';
import { api, startTestApp, waitFor } from '../support/local-app.js';

/**
 * Every item readable on the web, as a person sees it: the local server (the very routing and
 * files CloudFront serves) opened in headless Chromium. Screenshots land in test-results/.
 * One tab serves every test, each navigating it to its page: a new tab starts a renderer
 * process, seconds apiece on a busy machine.
 */

const SHOTS = 'test-results';
/** Story images point at invented hosts: answer them with a local picture, keeping tests offline. */
const PLACEHOLDER_IMAGE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">' +
  '<rect width="120" height="80" fill="#8fae7e"/><circle cx="92" cy="22" r="10" fill="#f3d36b"/>' +
  '<path d="M0 80 L40 38 L70 62 L90 46 L120 80 Z" fill="#4f6f52"/></svg>';
const browserCheck = browserChecks('web pages');
const axeSource = createRequire(import.meta.url)('axe-core').source as string;
// A page's title is the story's headline: news headlines are often longer than 70 characters.
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  // The body is the feeds' sanitised HTML, which writes `<img/>` so it is also valid XML.
  rules: { 'long-title': 'off', 'void-style': 'off' },
});
let app: LocalApp;
let browser: Browser;
/** Started at the top of beforeAll; closed in afterAll even when beforeAll failed after it. */
let launching: Promise<Browser> | undefined;
let sharedTab: Page;

const wire = wireStoryJson({
  id: 'urn:wire:test:bridge',
  regions: ['okanagan'],
  url: undefined,
  publishedAt: '2026-11-25T17:00:00Z',
  image: {
    url: 'https://img.wire.example.net/bridge.jpg',
    caption: 'The bridge at dusk.',
    credit: 'Rae Okafor / The Canadian Wire',
    width: 1200,
    height: 800,
  },
  correction: 'An earlier version misnamed the bridge.',
});
const page = (id: string) => `/pages/${id}.html`;

beforeAll(async () => {
  // Chromium starts while the app waits for DynamoDB Local and publishes the pages.
  launching = browserCheck.skip ? undefined : launchChromium();
  launching?.catch(() => undefined);
  app = await startTestApp();
  expect((await api(app, 'POST', '/stories', wire)).status).toBe(201);
  const teaser = localStoryJson({ id: 'teaser-1', regions: ['okanagan'] });
  expect((await api(app, 'POST', '/stories', teaser)).status).toBe(201);
  expect((await api(app, 'POST', '/stories', { ...teaser, id: 'to-kill' })).status).toBe(201);
  // A story killed before its page was ever published simply never gets one: wait for it.
  await waitFor(async () => (await fetch(`${app.url}${page('to-kill')}`)).ok);
  expect((await api(app, 'DELETE', '/stories/to-kill')).status).toBe(200);
  await waitFor(async () =>
    (await (await fetch(`${app.url}${page('to-kill')}`)).text()).includes('withdrawn'),
  );
  if (launching) {
    browser = await launching;
    sharedTab = await (await newContext(browser)).newPage();
  }
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await (await launching?.catch(() => undefined))?.close();
  await app?.stop();
});

/**
 * The browsing context every test's tab lives in. axe-core is an init script, so every page
 * has it without a script tag in its DOM: compiled once per page load, not sent over per test.
 */
async function newContext(chromium: Browser): Promise<BrowserContext> {
  const context = await chromium.newContext({ viewport: { width: 1000, height: 900 } });
  await context.route('**/*', (route) =>
    route.request().url().startsWith(app.url)
      ? route.continue()
      : route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_IMAGE }),
  );
  await context.addInitScript({ content: axeSource });
  return context;
}

/** The shared tab, navigated to `path` on the local server and loaded. */
async function open(path: string): Promise<Page> {
  await sharedTab.goto(`${app.url}${path}`, { waitUntil: 'load' });
  return sharedTab;
}

async function axeViolations(tab: Page): Promise<string[]> {
  const result = (await tab.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: Array<{ id: string; nodes: unknown[] }>;
  };
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

describe.skipIf(browserCheck.skip)('the web in a browser', () => {
  it.each([
    ['RSS', '/feeds/okanagan/wire.rss'],
    ['Atom', '/feeds/okanagan/wire.atom'],
  ])(
    'shows a browser tab opening the %s feed its HTML view, with no XSLT',
    async (format, path) => {
      const tab = await open(path);

      expect(tab.url()).toBe(`${app.url}${path}`);
      expect(await tab.locator('h1').textContent()).toBe('Interior News Group — Okanagan: Wire');
      expect(await tab.locator('ol.items h2 a').first().getAttribute('href')).toBe(
        `${app.url}${page('urn:wire:test:bridge')}`,
      );
      expect(await tab.content()).not.toMatch(/XSLT|xml-stylesheet/i);
      await tab.screenshot({
        path: `${SHOTS}/web-feed-${format.toLowerCase()}.png`,
        fullPage: true,
      });
    },
  );

  it('gives feed readers the feed itself, byte for byte, under its registered type', async () => {
    const reader = await fetch(`${app.url}/feeds/okanagan/wire.rss`);
    const asReader = Buffer.from(await reader.arrayBuffer());
    const again = Buffer.from(
      await (
        await fetch(`${app.url}/feeds/okanagan/wire.rss`, {
          headers: { accept: 'application/rss+xml, */*', 'sec-fetch-dest': 'empty' },
        })
      ).arrayBuffer(),
    );
    const tab = await fetch(`${app.url}/feeds/okanagan/wire.rss`, {
      headers: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document' },
    });

    expect(reader.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(asReader.toString().startsWith('<?xml')).toBe(true);
    expect(again.equals(asReader)).toBe(true);
    expect(tab.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(reader.headers.get('vary')).toContain('Sec-Fetch-Dest');
  });

  it('opens the link of every item of every format as a readable page', async () => {
    const json = (await (await fetch(`${app.url}/feeds/okanagan/wire.json`)).json()) as {
      items: Array<{ id: string; url: string }>;
    };
    const item = json.items.find((i: { id: string }) => i.id.endsWith('urn:wire:test:bridge'));
    const tab = await open(new URL(item?.url ?? '').pathname);

    expect(await tab.locator('h1').textContent()).toBe(wire.headline);
    expect(await tab.locator('.body').textContent()).toContain('VICTORIA — Ferry workers');
    expect(await tab.locator('figcaption').textContent()).toContain('Rae Okafor');
    // The correction leads the body and the byline follows it there: printed once, not again above.
    const article = (await tab.locator('article').textContent()) ?? '';
    expect(article.match(/By Dana Whitfield, The Canadian Wire/g)).toHaveLength(1);
    expect(article.match(/Correction:/g)).toHaveLength(1);
    expect(await tab.locator('footer a').first().getAttribute('href')).toBe(
      `${app.url}/feeds/okanagan/wire.html`,
    );
    await tab.screenshot({ path: `${SHOTS}/web-story-page.png`, fullPage: true });
  });

  it.each([
    ['story page', page('urn:wire:test:bridge')],
    ['teaser page', page('teaser-1')],
    ['withdrawn page', page('to-kill')],
    ['feed view', '/feeds/okanagan/wire.html'],
    ['directory', '/'],
  ])('passes html-validate and axe-core: the %s', async (_name, path) => {
    const html = await (await fetch(`${app.url}${path}`)).text();
    const report = await validator.validateString(html);
    const tab = await open(path);

    expect(
      report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)),
    ).toEqual([]);
    expect(await axeViolations(tab)).toEqual([]);
  });

  it('serves the withdrawn page with noindex and nothing of the story', async () => {
    const html = await (await fetch(`${app.url}${page('to-kill')}`)).text();

    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain('Orchard co-op');
  });
});
