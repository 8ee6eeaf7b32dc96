import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../lambdas/core/errors.js';
import { mapNinjs, safeId } from '../../../../../lambdas/core/ingest/ninjs/ninjs.js';
import { parseStoryInput } from '../../../../../lambdas/core/story/story.js';
import { STORY_ID } from '../../../../../lambdas/core/story/story-schema.js';
import { ninjs2Document } from '../../../../fixtures/ninjs.js';

const target = { channel: 'wire', regions: ['okanagan'] };

describe('mapNinjs', () => {
  it('maps a ninjs 2.x item onto every story field it carries', () => {
    const story = parseStoryInput(mapNinjs(ninjs2Document(), target).fields, ['okanagan']);
    expect(story).toMatchObject({
      id: expect.stringMatching(/^urn:newsml:wire\.example\.net:20261125:harbour-dredging_/),
      version: 4,
      channel: 'wire',
      regions: ['okanagan'],
      headline: 'Harbour dredging to start after spring thaw',
      summary: 'Port authority approves a two-year plan',
      bodyHtml: '<p>The port authority on Wednesday approved a two-year dredging plan.</p>',
      byline: [{ name: 'Ines Marlowe', title: 'The Canadian Wire' }],
      dateline: 'PRINCE RUPERT, B.C.',
      categories: ['Transport', 'Current'],
      copyright: '© 2026 The Canadian Wire',
      publishedAt: '2026-11-25T15:00:00.000Z',
      updatedAt: '2026-11-25T16:30:00.000Z',
      embargoUntil: '2026-11-25T17:00:00.000Z',
      status: 'usable',
      language: 'en',
      image: {
        url: 'https://img.wire.example.net/harbour-large.jpg',
        caption: 'A dredging barge waits at the outer wharf.',
        credit: 'Kai Brennan',
        width: 1600,
        height: 1066,
        type: 'image/jpeg',
      },
    });
  });

  it("reads a picture's alt-text description as its alt, not as its caption", () => {
    const doc = ninjs2Document();
    const [picture] = doc.associations as Array<Record<string, unknown>>;
    const descriptions = [
      { role: 'alttext', value: 'A grey barge beside a wooden wharf under low cloud' },
      { role: 'caption', value: 'A dredging barge waits at the outer wharf.' },
    ];
    const withAlt = { ...doc, associations: [{ ...picture, descriptions }] };

    const story = parseStoryInput(mapNinjs(withAlt, target).fields, ['okanagan']);

    expect(story.image).toMatchObject({
      caption: 'A dredging barge waits at the outer wharf.',
      alt: 'A grey barge beside a wooden wharf under low cloud',
    });
  });

  it('accepts the 1.x names agencies still send', () => {
    const doc = {
      uri: 'http://wire.example.net/item/77',
      version: '2',
      headline: 'Old-style headline',
      body_html: '<p>Body from body_html.</p>',
      byline: 'Ravi Osei',
      pubstatus: 'withheld',
    };
    const story = parseStoryInput(mapNinjs(doc, target).fields, ['okanagan']);
    expect(story).toMatchObject({
      id: expect.stringMatching(/^http:-wire\.example\.net-item-77_[0-9a-f]{16}$/),
      headline: 'Old-style headline',
      bodyHtml: '<p>Body from body_html.</p>',
      byline: [{ name: 'Ravi Osei' }],
      status: 'withheld',
    });
  });

  it('turns a plain-text body into escaped paragraphs', () => {
    const doc = ninjs2Document({
      bodies: [{ role: 'main', contenttype: 'text/plain', value: 'One <b>\n\nTwo & three' }],
    });
    expect(mapNinjs(doc, target).fields.bodyHtml).toBe(
      '<p>One &lt;b&gt;</p><p>Two &amp; three</p>',
    );
  });

  it('names what an unmappable document lacks', () => {
    try {
      mapNinjs({ type: 'text', version: 'draft' }, target);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'uri', message: expect.stringContaining('expected string') },
      ]);
    }
  });

  it('derives a version from versioncreated when none is given', () => {
    const { version: _v, ...doc } = ninjs2Document();
    expect(mapNinjs(doc, target).fields.version).toBe(Date.parse('2026-11-25T16:30:00Z') / 1000);
  });
});

describe('safeId', () => {
  it('keeps the URI readable and adds a digest of it', () => {
    expect(safeId('urn:newsml:a.b:1')).toMatch(/^urn:newsml:a\.b:1_[0-9a-f]{16}$/);
    expect(safeId('https://x.example/a b?c=d')).toMatch(/^https:-x\.example-a-b-c-d_[0-9a-f]{16}$/);
  });

  it('gives URIs that fold to the same slug distinct ids', () => {
    const a = safeId('urn:agency:2026/11/story-1');
    const b = safeId('urn:agency:2026-11-story-1');
    expect(a).not.toBe(b);
    expect(a.startsWith('urn:agency:2026-11-story-1_')).toBe(true);
  });

  it('maps one URI to the same id every time', () => {
    expect(safeId('urn:agency:2026/11/story-1')).toBe(safeId('urn:agency:2026/11/story-1'));
  });

  it('keeps every id within the story-id rules', () => {
    for (const uri of [`urn:x:${'a'.repeat(300)}:1`, '///', '\u00e9t\u00e9', 'a'.repeat(199)]) {
      expect(safeId(uri)).toMatch(STORY_ID);
    }
  });

  it('shortens long URIs so distinct URIs stay distinct', () => {
    const a = safeId(`urn:x:${'a'.repeat(300)}:1`);
    const b = safeId(`urn:x:${'a'.repeat(300)}:2`);
    expect(a.length).toBeLessThanOrEqual(200);
    expect(a).not.toBe(b);
  });
});
