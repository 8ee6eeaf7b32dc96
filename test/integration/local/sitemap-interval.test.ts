import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

/**
 * Local mode sweeps every few hundred milliseconds (embargo lifts on time) but writes the
 * sitemap files only every `sitemapIntervalMs`: rewriting a day's sitemap at every sweep under a
 * stream of posts cost more than the posts. `LocalApp.sweep()` writes them at once.
 */
let app: LocalApp;

beforeAll(async () => {
  app = await startTestApp({ sitemapIntervalMs: 60_000 });
});
afterAll(async () => {
  await app?.stop();
});

const news = async () => (await fetch(`${app.url}/sitemaps/news.xml`)).text();

describe('local sweeps and the sitemap interval', () => {
  it('writes a new page into the sitemaps at the interval, not at every sweep', async () => {
    const id = `interval-${Date.now()}`;
    const publishedAt = new Date(Date.now() - 60_000).toISOString();
    expect((await api(app, 'POST', '/stories', localStoryJson({ id, publishedAt }))).status).toBe(
      201,
    );
    await app.settled();
    // Several sweeps (every 100 ms here) run meanwhile; the story's page is published.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await fetch(`${app.url}/pages/${id}.html`)).status).toBe(200);
    expect(await news()).not.toContain(`/pages/${id}.html`);

    await app.sweep();
    expect(await news()).toContain(`/pages/${id}.html`);
  });
});
