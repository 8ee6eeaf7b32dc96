import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../lambdas/core/errors.js';
import { mapNinjs } from '../../../../../lambdas/core/ingest/ninjs/ninjs.js';
import {
  apStyleNinjs1Document,
  extendedNinjs2Document,
  ninjs2Document,
  ninjs3Document,
} from '../../../../fixtures/ninjs.js';

const target = { channel: 'wire', regions: ['okanagan'] };

function issuesOf(doc: unknown) {
  try {
    mapNinjs(doc, target);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected the document to be refused');
}

describe('ninjs as agencies send it', () => {
  it('accepts an AP-style 1.x story, listing each vendor property it ignores', () => {
    const { fields, warnings } = mapNinjs(apStyleNinjs1Document(), target);
    expect(fields.headline).toBe('Lighthouse keepers return to Cape Morrow after automation fails');
    expect(warnings.map((w) => w.path).sort()).toEqual(
      [
        'signals',
        'editorialtypes',
        'editorialpriority',
        'textformat',
        'keywords',
        'datelinelocation',
        'bylines',
        'infosource[0].type',
      ].sort(),
    );
    for (const warning of warnings.filter((w) => w.path !== 'bylines')) {
      expect(warning.message).toBe('ignored: not a ninjs 1.x property');
    }
  });

  it('reads AP-style bylines as the byline, saying so, where the document has none of its own', () => {
    const { fields, warnings } = mapNinjs(apStyleNinjs1Document(), target);
    expect(fields.byline).toEqual([{ name: 'Tamsin Okafor', title: 'Associated Wire Writer' }]);
    expect(warnings).toContainEqual({
      path: 'bylines',
      message: 'read as the byline: not a ninjs 1.x property',
    });
    const own = mapNinjs(apStyleNinjs1Document({ byline: 'Lars Quill' }), target);
    expect(own.fields.byline).toEqual([{ name: 'Lars Quill' }]);
  });

  it('reads AP-style datelinelocation as the dateline where the document has no located', () => {
    const { fields, warnings } = mapNinjs(apStyleNinjs1Document({ located: undefined }), target);
    expect(fields.dateline).toBe('Cape Morrow, Invented Isles');
    expect(warnings).toContainEqual({
      path: 'datelinelocation',
      message: 'read as the dateline: not a ninjs 1.x property',
    });
    expect(mapNinjs(apStyleNinjs1Document(), target).fields.dateline).toBe('Cape Morrow');
  });

  it('reads a numeric version as its decimal text, and a list of usage terms as one line', () => {
    const { fields } = mapNinjs(apStyleNinjs1Document({ version: 7 }), target);
    expect(fields.version).toBe(7);
    expect(fields.copyright).toBe('This content is intended for editorial use only.');
  });

  it('keeps the ignored properties out of the story', () => {
    const { fields } = mapNinjs(apStyleNinjs1Document(), target);
    expect(JSON.stringify(fields)).not.toMatch(/whitelisted|bodybuilder|Invented Isles/);
    expect(fields.credit).toBe('AP');
  });

  it('accepts a 2.x story extended through its standard, ignoring the extension', () => {
    const { fields, warnings } = mapNinjs(extendedNinjs2Document(), target);
    expect(warnings).toEqual([
      { path: 'embargoedreason', message: 'ignored: not a ninjs 2.x property' },
      { path: 'deskcode', message: 'ignored: not a ninjs 2.x property' },
    ]);
    expect(fields.embargoUntil).toBe('2026-11-25T17:00:00Z');
  });

  it('names a 3.x vendor property at its camelCase path', () => {
    const doc = ninjs3Document({
      vendorSignals: ['breaking'],
      subjects: [{ name: 'Farms', x: 1 }],
    });
    expect(mapNinjs(doc, target).warnings).toEqual(
      expect.arrayContaining([
        { path: 'vendorSignals', message: 'ignored: not a ninjs 3.x property' },
        { path: 'subjects[0].x', message: 'ignored: not a ninjs 3.x property' },
      ]),
    );
    expect(mapNinjs(doc, target).warnings).toHaveLength(2);
  });

  it('still refuses a known property that breaks its rule beside vendor properties', () => {
    expect(issuesOf(apStyleNinjs1Document({ urgency: 12 }))).toEqual([
      { path: 'urgency', message: 'must be a whole number from 1 to 9' },
    ]);
    expect(issuesOf(extendedNinjs2Document({ pubstatus: 'live' })).map((i) => i.path)).toEqual([
      'pubstatus',
    ]);
  });

  it('still refuses a document that is not ninjs', () => {
    expect(issuesOf({ headline: 'No uri at all' }).map((i) => i.path)).toContain('uri');
    expect(issuesOf(['a list']).map((i) => i.path)).toEqual(['']);
  });
});

describe('ninjs dates', () => {
  it.each([
    ['1.x', 'embargoed', apStyleNinjs1Document],
    ['2.x', 'embargoed', ninjs2Document],
    ['3.x', 'embargoedUntil', ninjs3Document],
    ['2.x', 'expires', ninjs2Document],
    ['3.x', 'expires', ninjs3Document],
    ['2.x', 'versioncreated', ninjs2Document],
    ['3.x', 'firstCreated', ninjs3Document],
  ])('refuses a blank date in %s, naming %s', (_version, field, make) => {
    for (const blank of ['', ' ', '\t\n']) {
      expect(issuesOf(make({ [field]: blank }))).toContainEqual({
        path: field,
        message: 'must be a date-time, not blank',
      });
    }
  });

  it('reads a creation stamp without a zone as UTC, and ignores an unreadable one', () => {
    const zoneless = mapNinjs(ninjs2Document({ firstcreated: '2026-11-25T12:00:00' }), target);
    expect(zoneless.fields.publishedAt).toBe('2026-11-25T12:00:00Z');
    const unreadable = mapNinjs(ninjs2Document({ firstcreated: 'last Tuesday' }), target);
    expect(unreadable.fields.publishedAt).toBe('2026-11-25T16:30:00Z');
    expect(unreadable.warnings).toEqual([
      { path: 'firstcreated', message: expect.stringMatching(/^ignored: not a date-time/) },
    ]);
  });
});
