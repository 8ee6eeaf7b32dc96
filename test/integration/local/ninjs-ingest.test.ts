import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import {
  apStyleNinjs1Document,
  extendedNinjs2Document,
  ninjs1Document,
  ninjs2Document,
  ninjs3Document,
} from '../../fixtures/ninjs.js';
import { wireStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

let app: LocalApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const NINJS = { 'content-type': 'application/vnd.iptc.ninjs+json' };
const post = (doc: unknown) =>
  api(app, 'POST', '/stories?channel=wire&regions=okanagan', doc, NINJS);
const itemId = (id: string) => `tag:news.example.com,2026-01-01:story/${id}`;

describe('ninjs over HTTP', () => {
  it('accepts a text item without a body and publishes it as a brief every reader shows', async () => {
    const response = await post({
      uri: 'https://wire.example.net/2026/11/29/bridge-reopens',
      type: 'text',
      versioncreated: new Date().toISOString(),
      headlines: [{ role: 'main', value: 'Bridge reopens after repairs' }],
      descriptions: [{ role: 'summary', value: 'Traffic flows again across the narrows' }],
      located: 'PRINCE RUPERT, B.C.',
      by: 'Ines Marlowe, The Canadian Wire',
    });
    expect(response.status).toBe(201);
    const { id } = ((await response.json()) as { story: { id: string } }).story;
    await app.settled();

    const atom = parseFeed(await (await fetch(`${app.url}/feeds/okanagan/wire.atom`)).text());
    const entry = atom.items.find((i) => i.id === itemId(id));
    expect(entry?.title).toBe('Bridge reopens after repairs');
    expect(entry?.url).toBe('https://wire.example.net/2026/11/29/bridge-reopens');
    expect(entry?.description).toBe('Traffic flows again across the narrows');
    expect(entry?.content).toContain(
      '<p>PRINCE RUPERT, B.C. \u2014 Traffic flows again across the narrows</p>',
    );
  });

  it('accepts the same story in ninjs 1.x, 2.x and 3.x', async () => {
    const statuses = [];
    for (const doc of [ninjs1Document(), ninjs2Document(), ninjs3Document()]) {
      statuses.push((await post(doc)).status);
    }
    expect(statuses).toEqual([201, 201, 201]);
  });

  it('refuses a document that breaks ninjs with a 400 naming each problem', async () => {
    const response = await post(
      ninjs2Document({
        urgency: 0.5,
        associations: [{ uri: 'urn:wire:logo', type: 'graphic' }],
        colour: 'blue',
      }),
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; details: Array<{ path: string; message: string }> };
    };
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { path: 'urgency', message: 'must be a whole number from 1 to 9' },
        { path: 'associations[0].name', message: expect.stringContaining('expected string') },
      ]),
    );
    expect(error.details.map((d) => d.path)).not.toContain('colour');
  });

  it('stores a valid text item with nothing to show withheld, out of every feed, saying why', async () => {
    const empty = await post({ uri: 'urn:wire:empty', type: 'text', language: 'en' });

    expect(empty.status).toBe(201);
    const answer = (await empty.json()) as {
      visibility: string;
      note?: string;
      story: { id: string; headline: string; status: string };
    };
    expect(answer.visibility).toBe('withheld');
    expect(answer.note).toContain('nothing to show');
    expect(answer.story).toMatchObject({
      status: 'withheld',
      headline: '(no headline) urn:wire:empty',
    });
    await app.settled();
    for (const format of ['rss', 'atom', 'json']) {
      const feed = await (await fetch(`${app.url}/feeds/okanagan/wire.${format}`)).text();
      expect(feed, format).not.toContain(answer.story.id);
    }

    // A later version with a headline publishes it.
    const filled = await post({
      uri: 'urn:wire:empty',
      type: 'text',
      version: '2',
      headlines: [{ role: 'main', value: 'Ferry schedule restored' }],
    });
    expect(filled.status).toBe(200);
    expect(((await filled.json()) as { visibility: string }).visibility).toBe('visible');
    await app.settled();
    const rss = await (await fetch(`${app.url}/feeds/okanagan/wire.rss`)).text();
    expect(rss).toContain('Ferry schedule restored');
  });

  it('refuses a picture, saying why', async () => {
    const picture = await post({ uri: 'urn:wire:pic', type: 'picture', title: 'Harbour' });
    expect(picture.status).toBe(400);
    expect(JSON.stringify(await picture.json())).toContain('\\"picture\\" is not a story');
  });
});

type Refusal = { error: { code: string; details: Array<{ path: string; message: string }> } };

describe('ninjs as agencies send it, over HTTP', () => {
  it('accepts an AP-style 1.x story (201), listing its vendor properties under warnings', async () => {
    const response = await post(apStyleNinjs1Document());
    expect(response.status).toBe(201);
    const answer = (await response.json()) as {
      warnings: Array<{ path: string; message: string }>;
      story: { headline: string; version: number };
    };
    expect(answer.story.version).toBe(3);
    expect(answer.warnings).toContainEqual({
      path: 'infosource[0].type',
      message: 'ignored: not a ninjs 1.x property',
    });
    expect(answer.warnings.map((w) => w.path)).toContain('bylines');
  });

  it('accepts a 2.x story extended through its standard, warning of the extension', async () => {
    const response = await post(
      extendedNinjs2Document({
        uri: 'urn:newsml:wire.example.net:20261125:extended',
        embargoed: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { visibility: string; warnings: unknown[] };
    expect(answer.visibility).toBe('embargoed');
    expect(answer.warnings).toHaveLength(2);
  });
});

describe('blank dates over HTTP', () => {
  it.each([
    ['ninjs 1.x', 'embargoed', ninjs1Document],
    ['ninjs 2.x', 'embargoed', ninjs2Document],
    ['ninjs 3.x', 'embargoedUntil', ninjs3Document],
    ['ninjs 2.x', 'expires', ninjs2Document],
  ])('refuses a blank date in %s with 400 naming %s', async (_kind, field, make) => {
    for (const blank of ['', ' ', '\t\n']) {
      const response = await post(make({ [field]: blank }));
      expect(response.status).toBe(400);
      expect(((await response.json()) as Refusal).error.details).toContainEqual({
        path: field,
        message: 'must be a date-time, not blank',
      });
    }
  });

  it.each(['embargoUntil', 'expiresAt', 'publishedAt', 'updatedAt'])(
    'refuses a blank native %s with 400 naming it, alone and in a batch',
    async (field) => {
      const story = wireStoryJson({ id: `blank-${field}`, [field]: ' \t' });
      const alone = await api(app, 'POST', '/stories', story);
      expect(alone.status).toBe(400);
      const refusal = (await alone.json()) as Refusal;
      expect(refusal.error.details.map((d) => d.path)).toContain(field);

      const batch = await api(app, 'POST', '/stories/batch', { stories: [story] });
      const { results } = (await batch.json()) as {
        results: Array<{ status: number; error: Refusal['error'] }>;
      };
      expect(results[0]?.status).toBe(400);
      expect(results[0]?.error.details.map((d) => d.path)).toContain(field);
    },
  );
});

describe('nesting bounds over HTTP', () => {
  const deepList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('refuses a 10,000-deep list in a ninjs property with 400 naming the path', async () => {
    const body = JSON.stringify(ninjs2Document()).replace(
      '"subjects":',
      `"keywords":${deepList(10_000)},"subjects":`,
    );
    const response = await post(body);
    expect(response.status).toBe(400);
    const refusal = (await response.json()) as Refusal;
    expect(refusal.error.details[0]?.path).toBe(`keywords${'[0]'.repeat(31)}`);
    expect(refusal.error.details[0]?.message).toContain('more than 32 deep');
  });

  it('refuses associations nested 1,000 deep with 400 naming the path', async () => {
    let doc: Record<string, unknown> = { uri: 'urn:wire:leaf', name: 'leaf', type: 'text' };
    for (let level = 0; level < 1_000; level++) {
      doc = { uri: `urn:wire:${level}`, name: `n${level}`, type: 'text', associations: [doc] };
    }
    const response = await post(ninjs2Document({ associations: [doc] }));
    expect(response.status).toBe(400);
    const refusal = (await response.json()) as Refusal;
    expect(refusal.error.details[0]?.path).toMatch(/^associations\[0\]\.associations\[0\]/);
  });

  it('refuses a 10,000-deep native story and batch with 400', async () => {
    const story = JSON.stringify(wireStoryJson({ id: 'deep' })).replace(
      '"headline":',
      `"extra":${deepList(10_000)},"headline":`,
    );
    expect((await api(app, 'POST', '/stories', story)).status).toBe(400);
    expect((await api(app, 'POST', '/stories/batch', `{"stories":[${story}]}`)).status).toBe(400);
  });
});
