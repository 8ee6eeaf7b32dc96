import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { ninjs1Document, ninjs2Document, ninjs3Document } from '../../fixtures/ninjs.js';
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
        { path: 'colour', message: 'is not a ninjs 2.x property' },
      ]),
    );
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
