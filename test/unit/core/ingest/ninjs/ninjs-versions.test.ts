import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../lambdas/core/errors.js';
import { mapNinjs } from '../../../../../lambdas/core/ingest/ninjs/ninjs.js';
import { parseStoryInput } from '../../../../../lambdas/core/story/story.js';
import { ninjs1Document, ninjs2Document, ninjs3Document } from '../../../../fixtures/ninjs.js';

const target = { channel: 'wire', regions: ['okanagan'] };

function read(doc: unknown) {
  const { fields, brief } = mapNinjs(doc, target);
  return parseStoryInput(fields, ['okanagan'], { brief });
}

function issuesOf(doc: unknown): ReadonlyArray<{ path: string; message: string }> {
  try {
    mapNinjs(doc, target);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected the document to be refused');
}

describe('ninjs 1.x', () => {
  it('reads pattern properties, picking the richest body and the dek, not the caption', () => {
    expect(read(ninjs1Document())).toMatchObject({
      headline: 'Ferry fares to hold steady through spring',
      summary: 'The operator will not raise prices until April',
      bodyHtml:
        '<p>NANAIMO, B.C. (TCW) -- The operator said fares hold.</p><p>Second paragraph.</p>',
      byline: [
        { name: 'Noor Haddad', title: 'The Canadian Wire' },
        { name: 'Piet Vos', title: 'The Canadian Wire' },
      ],
      dateline: 'NANAIMO, B.C.',
      categories: ['Transport'],
      version: 2,
    });
  });

  it('keeps versioncreated as the date of a document that has no other', () => {
    expect(read(ninjs1Document())).toMatchObject({
      publishedAt: '2026-11-25T14:10:00.000Z',
      updatedAt: '2026-11-25T14:10:00.000Z',
    });
  });

  it('takes the main picture from keyed associations, not the logo', () => {
    expect(read(ninjs1Document()).image).toEqual({
      url: 'https://img.wire.example.net/ferry-l.jpg',
      caption: 'A ferry leaves the terminal at first light.',
      credit: 'TCW Photo/Lena Marsh',
      width: 1600,
      type: 'image/jpeg',
    });
  });

  it('turns a plain-text body_text into paragraphs when there is no richer body', () => {
    const { body_xhtml: _x, ...doc } = ninjs1Document();
    expect(read(doc).bodyHtml).toBe(
      '<p>NANAIMO, B.C. (TCW) -- The operator said fares hold.</p><p>Second paragraph.</p>',
    );
  });
});

describe('ninjs 3.x', () => {
  it('reads the camelCase names', () => {
    expect(read(ninjs3Document())).toMatchObject({
      id: expect.stringMatching(/^urn:newsml:wire\.example\.net:20261125:orchard-frost_/),
      version: 5,
      headline: 'Early frost catches orchards before the last pick',
      summary: 'Growers count losses in the south valley',
      bodyHtml: '<p>Growers in the south valley lost part of the late apple crop.</p>',
      byline: [{ name: 'Ines Marlowe' }],
      credit: 'The Canadian Wire',
      copyright: '© 2026 The Canadian Wire',
      publishedAt: '2026-11-25T12:00:00.000Z',
      updatedAt: '2026-11-25T13:45:00.000Z',
      embargoUntil: '2026-11-25T14:00:00.000Z',
      status: 'usable',
      categories: ['Agriculture'],
      image: {
        url: 'https://img.wire.example.net/orchard-l.jpg',
        caption: 'Frost on the last rows of apples.',
        credit: 'Kai Brennan',
        width: 1600,
        height: 1066,
        type: 'image/jpeg',
      },
    });
  });

  it('is recognised by its names when it declares no version', () => {
    const { standard: _s, ...doc } = ninjs3Document();
    expect(read(doc).embargoUntil).toBe('2026-11-25T14:00:00.000Z');
  });
});

describe('what ninjs Dateline refuses or converts', () => {
  it('refuses a version it cannot read, naming it', () => {
    const issues = issuesOf(ninjs3Document({ standard: { name: 'ninjs', version: '4.0' } }));
    expect(issues).toEqual([
      {
        path: 'standard',
        message: 'declares ninjs version "4.0"; Dateline reads ninjs 1.x, 2.x and 3.x',
      },
    ]);
    expect(issuesOf(ninjs1Document({ $standard: { version: '0.9' } }))[0]?.message).toContain(
      '"0.9"',
    );
  });

  it('turns a NITF body into HTML from its body.content paragraphs', () => {
    const nitf =
      '<nitf><head><title>x</title></head><body><body.head><hedline><hl1>H</hl1></hedline>' +
      '</body.head><body.content><p>First &amp; <em>one</em>.</p><hl2>Sub</hl2><p>Two &lt;b&gt;</p>' +
      '</body.content></body></nitf>';
    const doc = ninjs2Document({
      bodies: [{ role: 'main', contenttype: 'application/nitf+xml', value: nitf }],
    });
    expect(read(doc).bodyHtml).toBe('<p>First &amp; one.</p><h2>Sub</h2><p>Two &lt;b&gt;</p>');
  });

  it('refuses a body it cannot render instead of publishing escaped markup', () => {
    const doc = ninjs2Document({
      bodies: [{ role: 'main', contenttype: 'application/pdf', value: '%PDF-1.7' }],
    });
    expect(issuesOf(doc)).toEqual([
      {
        path: 'bodies',
        message:
          'no body Dateline can render (application/pdf); send HTML, XHTML, NITF or plain text',
      },
    ]);
  });

  it('takes no dek from a description that is not a summary', () => {
    const doc = ninjs2Document({ descriptions: [{ role: 'caption', value: 'A caption' }] });
    expect(read(doc).summary).toBeUndefined();
  });

  it('drops the word for "by" before a byline, in the languages agencies send', () => {
    expect(read(ninjs2Document({ by: 'Von Kai Brennan, dpa' })).byline).toEqual([
      { name: 'Kai Brennan', title: 'dpa' },
    ]);
    expect(read(ninjs2Document({ by: 'by Ines Marlowe' })).byline).toEqual([
      { name: 'Ines Marlowe' },
    ]);
  });

  it('refuses an item that is not a story, naming its type', () => {
    expect(issuesOf(ninjs2Document({ type: 'picture' }))[0]).toEqual({
      path: 'type',
      message: '"picture" is not a story; Dateline takes text items',
    });
  });
});
