import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../lambdas/core/errors.js';
import { mapNinjs, NOTHING_TO_SHOW } from '../../../../../lambdas/core/ingest/ninjs/ninjs.js';
import { parseStoryInput } from '../../../../../lambdas/core/story/story.js';
import { wireStoryJson } from '../../../../fixtures/story-input.js';

const target = { channel: 'wire', regions: ['okanagan'] };

function read(doc: unknown) {
  const { fields, brief } = mapNinjs(doc, target);
  return { brief, story: parseStoryInput(fields, ['okanagan'], { brief }) };
}

function issuesOf(doc: unknown) {
  try {
    read(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected the document to be refused');
}

describe('a ninjs text item without a body (a brief)', () => {
  it('is published with its headline, its description as the summary, and its page as link', () => {
    const { brief, story } = read({
      uri: 'https://wire.example.net/2026/11/29/bridge-reopens',
      type: 'text',
      headlines: [{ role: 'main', value: 'Bridge reopens after repairs' }],
      descriptions: [{ role: 'summary', value: 'Traffic flows again across the narrows' }],
    });

    expect(brief).toBe(true);
    expect(story).toMatchObject({
      headline: 'Bridge reopens after repairs',
      summary: 'Traffic flows again across the narrows',
      url: 'https://wire.example.net/2026/11/29/bridge-reopens',
      channel: 'wire',
    });
    expect(story.bodyHtml).toBeUndefined();
  });

  it('links a web rendition before an identifier, and no identifier that is not a web address', () => {
    const withPage = read({
      uri: 'urn:wire:bridge',
      title: 'Bridge reopens',
      renditions: [
        { name: 'web', href: 'https://news.wire.example.net/bridge', contenttype: 'text/html' },
      ],
    });
    expect(withPage.story.url).toBe('https://news.wire.example.net/bridge');
    expect(read({ uri: 'urn:wire:bridge', title: 'Bridge reopens' }).story.url).toBeUndefined();
  });

  it('takes the headline from the title, then the slugline', () => {
    expect(read({ uri: 'urn:w:1', title: 'Council sits late' }).story.headline).toBe(
      'Council sits late',
    );
    expect(read({ uri: 'urn:w:2', slugline: 'BC-Council-Budget' }).story.headline).toBe(
      'BC-Council-Budget',
    );
  });

  it('makes a headline from a description, cut at a word, without repeating it as the summary', () => {
    const long = `Councillors passed the budget ${'after a long night of debate '.repeat(8)}`;
    const { story } = read({ uri: 'urn:w:3', description_text: long });

    expect(story.headline.length).toBeLessThanOrEqual(120);
    expect(story.headline).toMatch(/^Councillors passed the budget after a long night.*\u2026$/);
    expect(story.summary).toBe(long.trim());
    expect(read({ uri: 'urn:w:4', description_text: 'Short dek' }).story).toMatchObject({
      headline: 'Short dek',
    });
    expect(read({ uri: 'urn:w:4', description_text: 'Short dek' }).story.summary).toBeUndefined();
  });

  it('makes a headline from the body of an item that has a body and no headline', () => {
    const { brief, story } = read({
      uri: 'urn:w:5',
      body_text: 'Ferries ran on time all weekend.\n\nA second paragraph.',
    });
    expect(brief).toBe(false);
    expect(story.headline).toBe('Ferries ran on time all weekend.');
    expect(story.bodyHtml).toContain('<p>A second paragraph.</p>');
  });

  it('cuts a headline longer than a feed takes at a word boundary', () => {
    const { story } = read({ uri: 'urn:w:6', title: 'word '.repeat(200) });
    expect(story.headline.length).toBeLessThanOrEqual(400);
    expect(story.headline.endsWith('word\u2026')).toBe(true);
  });

  it('is held back, withheld under a placeholder headline, when it gives nothing to show', () => {
    const mapped = mapNinjs({ uri: 'urn:w:7', type: 'text', language: 'en' }, target);
    expect(mapped.held).toBe(NOTHING_TO_SHOW);
    expect(mapped.fields).toMatchObject({ status: 'withheld', headline: '(no headline) urn:w:7' });
    expect(read({ uri: 'urn:w:7', type: 'text', language: 'en' }).story.status).toBe('withheld');
    const canceled = mapNinjs({ uri: 'urn:w:7', pubstatus: 'canceled' }, target);
    expect(canceled.fields.status).toBe('canceled');
  });

  it('is refused as a list, naming why', () => {
    expect(issuesOf([{ uri: 'urn:w:8', title: 'One' }])[0]?.message).toBe(
      'must be one ninjs item (a JSON object), not a list: post each item on its own',
    );
  });

  it('leaves the native API as it was: a wire story needs its body', () => {
    const { bodyHtml: _b, ...story } = wireStoryJson();
    expect(() => parseStoryInput(story, ['okanagan', 'shuswap'])).toThrow(ValidationError);
  });
});
