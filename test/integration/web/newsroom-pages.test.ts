import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson, wireStoryJson } from '../../fixtures/story-input.js';
import { browserChecks, launchChromium } from '../../support/chromium.js';
import { api, startTestApp } from '../support/local-app.js';

/**
 * Pages a newsroom would publish: four stories shaped like the ones a B.C. site carries, each
 * page opened in Chromium (screenshot, axe) and read as text, and every feed format read too,
 * so that no label, byline, dateline or lead is printed twice anywhere.
 */

const SHOTS = 'test-results';
const browserCheck = browserChecks('newsroom pages');
const axeSource = createRequire(import.meta.url)('axe-core').source as string;

const LEAD = 'Water managers asked residents to cut their use by a third';
const stories = {
  /** Agency copy whose body already opens with its dateline; no dek sent. */
  apDateline: wireStoryJson({
    id: 'ref-ap-dateline',
    regions: ['okanagan'],
    summary: undefined,
    dateline: 'KELOWNA, B.C.',
    byline: [{ name: 'Noor Castellanos', title: 'The Associated Press' }],
    bodyHtml: `<p>KELOWNA, B.C. (AP) — ${LEAD} on Friday.</p><p>Reservoirs are low.</p>`,
  }),
  /** Two bylines and a correction the sender labelled itself. */
  twoBylines: wireStoryJson({
    id: 'ref-two-bylines',
    regions: ['okanagan'],
    byline: [
      { name: 'Ilse Varga', title: 'The Canadian Wire' },
      { name: 'Tomas Ruelle', title: 'The Canadian Wire' },
    ],
    correction: 'CORRECTION: An earlier version gave the wrong date for the vote.',
  }),
  /** No byline, a credit, and a photo credit that carries its own label. */
  creditOnly: wireStoryJson({
    id: 'ref-credit-only',
    regions: ['okanagan'],
    byline: undefined,
    credit: 'Kelowna Capital News',
    image: {
      url: 'https://img.news.example.com/orchard.jpg',
      caption: 'Frost on the last apples of the season.',
      credit: 'Photo: Kelowna Capital News',
    },
  }),
  /** A French teaser on an English site. */
  french: localStoryJson({
    id: 'ref-french-teaser',
    regions: ['okanagan'],
    language: 'fr-CA',
    headline: 'Le marché fermier ouvre sa saison d’hiver',
    summary: 'Une vingtaine de producteurs au rendez-vous samedi',
    byline: [{ name: 'Élodie Marchand' }],
  }),
};

let app: LocalApp;
let browser: Browser | undefined;
let tab: Page;

beforeAll(async () => {
  const launching = browserCheck.skip ? undefined : launchChromium();
  launching?.catch(() => undefined);
  app = await startTestApp();
  for (const story of Object.values(stories)) {
    expect((await api(app, 'POST', '/stories', story)).status).toBe(201);
  }
  await app.settled();
  browser = await launching;
  if (browser) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await context.route('**/*', (route) =>
      route.request().url().startsWith(app.url)
        ? route.continue()
        : route.fulfill({
            contentType: 'image/svg+xml',
            body: '<svg xmlns="http://www.w3.org/2000/svg"/>',
          }),
    );
    await context.addInitScript({ content: axeSource });
    tab = await context.newPage();
  }
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const count = (text: string, part: string | RegExp) =>
  typeof part === 'string' ? text.split(part).length - 1 : (text.match(part) ?? []).length;

describe('stories as a newspaper prints them, in every feed', () => {
  it('print the dateline, lead, bylines and labels once in each JSON Feed item, with no label doubled in RSS', async () => {
    const rss = await (await fetch(`${app.url}/feeds/okanagan/wire.rss`)).text();
    const json = (await (await fetch(`${app.url}/feeds/okanagan/wire.json`)).json()) as {
      items: Array<{ id: string; content_html?: string }>;
    };
    const html = (id: string) => json.items.find((i) => i.id.includes(id))?.content_html ?? '';

    expect(count(html('ref-ap-dateline'), 'KELOWNA')).toBe(1);
    expect(count(html('ref-ap-dateline'), LEAD)).toBe(1);
    expect(html('ref-ap-dateline')).toContain('KELOWNA, B.C. (AP) — ');
    expect(count(html('ref-two-bylines'), /Correction/gi)).toBe(1);
    expect(count(html('ref-two-bylines'), 'Ilse Varga')).toBe(1);
    expect(count(html('ref-credit-only'), 'Photo:')).toBe(1);
    expect(count(rss, /CORRECTION: An earlier/g)).toBe(0);
  });
});

describe.skipIf(browserCheck.skip)('newsroom pages in a browser', () => {
  it.each([
    ['apDateline', 'ref-ap-dateline'],
    ['twoBylines', 'ref-two-bylines'],
    ['creditOnly', 'ref-credit-only'],
    ['french', 'ref-french-teaser'],
  ])('shows the %s page with each part once, and passes axe', async (name, id) => {
    await tab.goto(`${app.url}/pages/${id}.html`, { waitUntil: 'load' });
    const article = (await tab.locator('article').textContent()) ?? '';
    await tab.screenshot({ path: `${SHOTS}/newsroom-${name}.png`, fullPage: true });

    const violations = (await tab.evaluate(
      "axe.run(document, { resultTypes: ['violations'] })",
    )) as {
      violations: Array<{ id: string }>;
    };
    expect(violations.violations.map((v) => v.id)).toEqual([]);
    expect(count(article, /\bBy\b|\bPar\b/g)).toBeLessThanOrEqual(1);
    expect(count(article, /Correction/gi)).toBeLessThanOrEqual(1);
    expect(count(article, 'Photo:')).toBeLessThanOrEqual(1);
    if (name === 'apDateline') {
      expect(count(article, 'KELOWNA')).toBe(1);
      expect(count(article, LEAD)).toBe(1);
      expect(await tab.locator('.dek').count()).toBe(0);
    }
    if (name === 'twoBylines') {
      expect(count(article, 'Ilse Varga')).toBe(1);
      expect(article).toContain('Correction: An earlier version gave the wrong date');
    }
    if (name === 'french') {
      expect(await tab.locator('html').getAttribute('lang')).toBe('fr-CA');
      expect(article).toMatch(/Par Élodie Marchand/);
      expect(article).toMatch(/Publié le \d+ \S+ 2026/);
      expect(article).not.toMatch(/Published|Filed under/);
    }
  });

  it('shows a browser the HTML 404 page at a page that does not exist', async () => {
    const answer = await tab.goto(`${app.url}/pages/ref-never-sent.html`, { waitUntil: 'load' });

    expect(answer?.status()).toBe(404);
    expect(await tab.locator('h1').textContent()).toBe('Nothing is published here');
  });
});
