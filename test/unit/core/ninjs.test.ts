import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambdas/core/errors.js';
import { mapNinjs, safeId } from '../../../lambdas/core/ninjs.js';
import { parseStoryInput } from '../../../lambdas/core/story.js';
import { ninjs2Document } from '../../fixtures/ninjs.js';

const target = { channel: 'wire', regions: ['okanagan'] };

describe('mapNinjs', () => {
  it('maps a ninjs 2.x item onto every story field it carries', () => {
    const story = parseStoryInput(mapNinjs(ninjs2Document(), target), ['okanagan']);
    expect(story).toMatchObject({
      id: 'urn:newsml:wire.example.net:20261125:harbour-dredging',
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

  it('accepts the 1.x names agencies still send', () => {
    const doc = {
      uri: 'http://wire.example.net/item/77',
      version: '2',
      headline: 'Old-style headline',
      body_html: '<p>Body from body_html.</p>',
      byline: 'Ravi Osei',
      pubstatus: 'withheld',
    };
    const story = parseStoryInput(mapNinjs(doc, target), ['okanagan']);
    expect(story).toMatchObject({
      id: 'http:-wire.example.net-item-77',
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
    expect(mapNinjs(doc, target).bodyHtml).toBe('<p>One &lt;b&gt;</p><p>Two &amp; three</p>');
  });

  it('names what an unmappable document lacks', () => {
    try {
      mapNinjs({ type: 'text', version: 'draft' }, target);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        'uri',
        'headlines',
        'bodies',
        'version',
      ]);
    }
  });

  it('derives a version from versioncreated when none is given', () => {
    const { version: _v, ...doc } = ninjs2Document();
    expect(mapNinjs(doc, target).version).toBe(Date.parse('2026-11-25T16:30:00Z') / 1000);
  });
});

describe('safeId', () => {
  it('keeps safe URIs and folds unsafe characters', () => {
    expect(safeId('urn:newsml:a.b:1')).toBe('urn:newsml:a.b:1');
    expect(safeId('https://x.example/a b?c=d')).toBe('https:-x.example-a-b-c-d');
  });

  it('shortens long URIs with a digest so distinct URIs stay distinct', () => {
    const a = safeId(`urn:x:${'a'.repeat(300)}:1`);
    const b = safeId(`urn:x:${'a'.repeat(300)}:2`);
    expect(a.length).toBeLessThanOrEqual(200);
    expect(a).not.toBe(b);
  });
});
