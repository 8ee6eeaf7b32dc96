import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { testSite } from '../../fixtures/site.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

/** A reader pages back through a feed's archive in a browser, as a feed reader does by RFC 5005. */
describe('archive pages in a browser', () => {
  let app: LocalApp;

  beforeAll(async () => {
    app = await startTestApp({ site: testSite({ itemsPerFeed: 2, archivePageSize: 2 }) });
    for (let n = 1; n <= 6; n++) {
      const story = wireStoryJson({
        id: `arch-view-${n}`,
        regions: ['okanagan'],
        headline: `Council meeting number ${n} ends early`,
        publishedAt: new Date(Date.UTC(2026, 10, 20, n)).toISOString(),
      });
      expect((await api(app, 'POST', '/stories', story)).status).toBe(201);
    }
    await app.settled();
  });

  afterAll(() => app?.stop());

  const linkOf = (html: string, rel: string) =>
    new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(html)?.[1];

  it("links the feed's view to its archive pages' views, and each page back to the feed", async () => {
    const live = await (await fetch(`${app.url}/feeds/okanagan/wire.html`)).text();
    const older = linkOf(live, 'prev-archive');
    expect(older).toMatch(/\/feeds\/okanagan\/wire\/archive\/\d+\.html$/);

    const seen: string[] = [live];
    for (let url = older; url; ) {
      const answer = await fetch(url);
      const page = await answer.text();
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(linkOf(page, 'current')).toBe(`${app.url}/feeds/okanagan/wire.html`);
      seen.push(page);
      url = linkOf(page, 'prev-archive');
    }
    // Paging back from the feed's view reaches every story, the oldest on the last page.
    for (let n = 1; n <= 6; n++) {
      expect(seen.join('\n')).toContain(`Council meeting number ${n} ends early`);
    }
    expect(seen.length).toBeGreaterThan(2);
  });
});
