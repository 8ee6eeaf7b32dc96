import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { WIRE_ARTICLE_HTML } from '../../fixtures/wire-article.js';
import { api, startTestApp } from '../support/local-app.js';

/**
 * A wire story whose body the table stores packed (story-body-codec.ts), over real HTTP: what
 * `GET /stories/{id}` answers is the story the ingest answer described, and the feeds and the
 * story page carry the whole body, read back from the stream image and the table.
 */
describe('a wire story with a packed body on the local app', () => {
  let app: LocalApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers GET /stories/{id} with the story as ingested, and publishes its whole body', async () => {
    const id = 'packed-wire-1';
    const publishedAt = new Date(Date.now() - 60_000).toISOString();
    const posted = await api(
      app,
      'POST',
      '/stories',
      wireStoryJson({ id, regions: ['okanagan'], bodyHtml: WIRE_ARTICLE_HTML, publishedAt }),
    );
    expect(posted.status).toBe(201);
    const ingested = ((await posted.json()) as { story: Record<string, unknown> }).story;
    expect(ingested.bodyHtml).toContain('Lake Kalista spent most of Tuesday evening');

    const read = await api(app, 'GET', `/stories/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { story: unknown }).story).toEqual(ingested);

    await app.settled();
    const feed = (await (await fetch(`${app.url}/feeds/okanagan/wire.json`)).json()) as {
      items: Array<{ id: string; content_html?: string }>;
    };
    const item = feed.items.find((i) => i.id.endsWith(`/${id}`));
    expect(item?.content_html).toContain('open houses before the vote');
    const page = await (await fetch(`${app.url}/pages/${id}.html`)).text();
    expect(page).toContain('Delphine Aroyo, who works nights at the hospital');
  });
});
