import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { Feed } from 'feed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../lambdas/core/formats/feed-document.js';
import { renderFeedFiles } from '../../lambdas/core/formats/render-feed-files.js';
import type { FeedFile } from '../../lambdas/core/ports.js';
import type { Story } from '../../lambdas/core/story/story.js';
import { CHANNELS } from '../../lambdas/core/story/story-rules.js';
import { renderDirectoryFiles } from '../../lambdas/core/web/directory.js';
import {
  feedSite,
  harbourWire,
  libraryTeaser,
  NOW,
  ottawaWire,
  wineryTeaser,
} from '../fixtures/stories.js';
import { browserChecks, launchChromium } from '../support/chromium.js';
import { stories as hostileStories, text } from '../unit/core/formats/hostile-stories.js';

/**
 * The rendered files checked in headless Chromium from a tiny server that serves them under
 * their keys and content types: the directory, OPML, and Chromium's strict XML parser. How a
 * browser tab sees a feed (its HTML view) is tested against the real local server in
 * web/browser.test.ts.
 */

const SHOTS = 'test-results';
const PLACEHOLDER_IMAGE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">' +
  '<rect width="120" height="80" fill="#8fae7e"/><circle cx="92" cy="22" r="10" fill="#f3d36b"/>' +
  '<path d="M0 80 L40 38 L70 62 L90 46 L120 80 Z" fill="#4f6f52"/></svg>';

/** The few browser globals the page functions use (tsconfig has no DOM lib). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { fontSize: string };
  DOMParser: new () => {
    parseFromString(
      text: string,
      type: string,
    ): {
      getElementsByTagName(name: string): { length: number };
    };
  };
}
const site = feedSite();
const specialDek = 'Tea & biscuits <free> for "volunteers" &amp; friends';
const kootenayTeaser = libraryTeaser({
  id: 'ing-local-kootenay-hall',
  regions: ['kootenay'],
  headline: 'Hall <reopens> & fills up',
  summary: specialDek,
});
const stories = [wineryTeaser(), libraryTeaser(), ottawaWire(), harbourWire(), kootenayTeaser];

let server: Server;
let base: string;
let files: Map<string, FeedFile>;
let browser: Browser;
/** Started at the top of beforeAll; closed in afterAll even when beforeAll failed after it. */
let launching: Promise<Browser> | undefined;
/** One tab for the file: a new one starts a renderer process, seconds on a busy machine. */
let page: Page;

function renderAll(feedBaseUrl: string): Map<string, FeedFile> {
  const all = [...renderDirectoryFiles(site, feedBaseUrl)];
  for (const region of site.regions) {
    for (const channel of CHANNELS) {
      const feed = { region: region.slug, channel };
      const listed = stories.filter(
        (s) =>
          s.channel === channel && (s.regions.includes('*') || s.regions.includes(region.slug)),
      );
      all.push(
        ...renderFeedFiles(buildFeedDocument({ site, feedBaseUrl, feed, now: NOW }, listed, [])),
      );
    }
  }
  return new Map(all.map((file) => [file.key, file]));
}

async function openFeed(key: string): Promise<void> {
  await page.goto(`${base}/${key}`, { waitUntil: 'load' });
}

const browserCheck = browserChecks('feed stylesheet');

describe.skipIf(browserCheck.skip)('feeds in a browser', () => {
  beforeAll(async () => {
    // Chromium starts while the feeds are rendered.
    launching = launchChromium();
    launching.catch(() => undefined);
    server = createServer((request, response) => {
      const key = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
      const file = files.get(key || 'index.html');
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': file.contentType }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    files = renderAll(base);
    browser = await launching;
    page = await browser.newPage();
    // Feed images point at invented hosts: answer them locally, keeping the page offline.
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base)
        ? route.continue()
        : route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_IMAGE }),
    );
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await new Promise((resolve) => server?.close(resolve));
  });
  it('serves feeds to feed readers under their registered content types', async () => {
    const response = await fetch(`${base}/feeds/okanagan/local.rss`);

    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
  });

  it('announces every feed on the directory page with a discovery link', async () => {
    await openFeed('');

    const links = await page
      .locator('link[rel="alternate"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('href')));
    const expected = site.regions.flatMap((r) =>
      CHANNELS.flatMap((c) =>
        ['rss', 'atom', 'json'].map((f) => `${base}/feeds/${r.slug}/${c}.${f}`),
      ),
    );
    expect(links).toEqual(expected);
    for (const href of links) expect((await fetch(href)).status).toBe(200);
    await page.screenshot({ path: `${SHOTS}/feed-directory.png`, fullPage: true });
  });

  it('lists one OPML 2.0 outline per feed', async () => {
    const response = await fetch(`${base}/feeds.opml`);
    const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      await response.text(),
    );

    expect(response.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    expect(opml.opml.version).toBe('2.0');
    const feeds = opml.opml.body.outline.filter((o: { type?: string }) => o.type === 'rss');
    expect(feeds.map((o: { xmlUrl: string }) => o.xmlUrl)).toEqual(
      site.regions.flatMap((r) => CHANNELS.map((c) => `${base}/feeds/${r.slug}/${c}.rss`)),
    );
    // Then the sitemaps, as link outlines that feed readers pass over.
    expect(opml.opml.body.outline.at(-1).text).toBe('Sitemaps');
  });

  it("passes Chromium's strict XML parser for hostile stories, which catches feed@6's traps", async () => {
    const samples = fc.sample(fc.tuple(hostileStories, text), { numRuns: 100, seed: 3 });
    const rendered = samples.flatMap(([list, title]) => {
      const hostileSite = feedSite({ title: `T${title}`.slice(0, 200) });
      const ctx = {
        site: hostileSite,
        feedBaseUrl: base,
        feed: { region: 'okanagan', channel: 'wire' as const },
        now: NOW,
      };
      return renderFeedFiles(buildFeedDocument(ctx, list as Story[], []))
        .slice(0, 2)
        .map((f) => f.body);
    });
    const trap = new Feed({ title: 't', id: 'https://x.example/', link: 'https://x.example/' });
    trap.addItem({ title: 'a ]]> b ]]> c', link: 'https://x.example/a', date: new Date(0) });

    const errors = await page.evaluate(
      (docs) =>
        docs.map((xml) => {
          const browserGlobals = globalThis as unknown as BrowserGlobals;
          const doc = new browserGlobals.DOMParser().parseFromString(xml, 'application/xml');
          return doc.getElementsByTagName('parsererror').length;
        }),
      [...rendered, trap.rss2()],
    );

    expect(errors.slice(0, -1).filter((n) => n > 0)).toEqual([]);
    expect(errors.at(-1)).toBeGreaterThan(0);
  }, 120_000); // 100 hostile feeds rendered here and parsed in the browser
});
