import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../lambdas/core/errors.js';
import { mapNinjs } from '../../../../../lambdas/core/ingest/ninjs/ninjs.js';
import { ninjs1Document, ninjs2Document, ninjs3Document } from '../../../../fixtures/ninjs.js';

const target = { channel: 'wire', regions: ['okanagan'] };

/** The problems Dateline names for a document, or a failure if it is accepted. */
function issuesOf(doc: unknown): ReadonlyArray<{ path: string; message: string }> {
  try {
    mapNinjs(doc, target);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected the document to be refused');
}

const pathsOf = (doc: unknown) => issuesOf(doc).map((i) => i.path);
const warningsOf = (doc: unknown) => mapNinjs(doc, target).warnings;

describe('ninjs rules: what every version refuses', () => {
  it('accepts the invented 1.x, 2.x and 3.x documents the other tests use', () => {
    for (const doc of [ninjs1Document(), ninjs2Document(), ninjs3Document()]) {
      expect(mapNinjs(doc, target).fields.headline).toBeTruthy();
    }
  });

  it.each(['__proto__', 'constructor', 'valueof'])(
    'ignores a %s key with a warning, as every other property the standard does not define',
    (key) => {
      for (const [doc, major] of [
        [ninjs1Document(), 1],
        [ninjs2Document(), 2],
        [ninjs3Document(), 3],
      ] as const) {
        const text = JSON.stringify(doc).replace(/^\{/, `{"${key}":{"x":1},`);
        expect(warningsOf(JSON.parse(text))).toEqual([
          { path: key, message: `ignored: not a ninjs ${major}.x property` },
        ]);
      }
    },
  );

  it('accepts a property the standard does not define, ignoring it with a warning', () => {
    expect(warningsOf(ninjs2Document({ colour: 'blue' }))).toEqual([
      { path: 'colour', message: 'ignored: not a ninjs 2.x property' },
    ]);
    expect(warningsOf(ninjs1Document({ mime_type: 'text/plain' }))).toEqual([
      { path: 'mime_type', message: 'ignored: not a ninjs 1.x property' },
    ]);
    const linked = ninjs2Document({ linkedrights: 'https://rights.example.net/ed' });
    expect(warningsOf(linked).map((w) => w.path)).toEqual(['linkedrights']);
    expect(mapNinjs(linked, target).fields.copyright).toBe('© 2026 The Canadian Wire');
  });

  it('still refuses a bad known property beside an unknown one, naming only the known', () => {
    expect(pathsOf(ninjs2Document({ urgency: 0, colour: 'blue' }))).toEqual(['urgency']);
  });

  it('names a value outside an enumeration', () => {
    expect(pathsOf(ninjs2Document({ pubstatus: 'cancelled' }))).toEqual(['pubstatus']);
    expect(pathsOf(ninjs2Document({ representationtype: 'complete' }))).toEqual([
      'representationtype',
    ]);
    expect(pathsOf(ninjs1Document({ representationtype: 'full' }))).toEqual(['representationtype']);
    expect(pathsOf(ninjs2Document({ type: 'memo' }))).toContain('type');
  });

  it('names a property of the wrong type', () => {
    expect(pathsOf(ninjs2Document({ version: true }))).toEqual(['version']);
    expect(pathsOf(ninjs2Document({ profile: 7, usageterms: { until: '2027' } }))).toEqual([
      'profile',
      'usageterms',
    ]);
    expect(pathsOf(ninjs1Document({ person: 'Noor Haddad' }))).toEqual(['person']);
    expect(pathsOf(ninjs2Document({ subjects: [{ name: 'Transport', uri: { x: 1 } }] }))).toEqual([
      'subjects[0].uri',
    ]);
  });

  it('takes urgency as a whole number from 1 to 9', () => {
    expect(issuesOf(ninjs2Document({ urgency: 0.5 }))).toEqual([
      { path: 'urgency', message: 'must be a whole number from 1 to 9' },
    ]);
    expect(pathsOf(ninjs3Document({ urgency: 10 }))).toEqual(['urgency']);
    expect(mapNinjs(ninjs2Document({ urgency: 9 }), target).fields.headline).toBeTruthy();
  });

  it('wants linked or encoded rights in a rights block, not both', () => {
    const both = { linkedrights: 'https://rights.example.net/a', encodedrights: '{}' };
    expect(issuesOf(ninjs2Document({ rightsinfo: both }))).toEqual([
      { path: 'rightsinfo', message: 'needs linkedrights or encodedrights, and not both' },
    ]);
    const linked = { linkedrights: 'https://rights.example.net/a' };
    expect(mapNinjs(ninjs2Document({ rightsinfo: linked }), target).fields.headline).toBeTruthy();
  });

  it('names problems in 3.x at the camelCase path the sender wrote', () => {
    expect(pathsOf(ninjs3Document({ digitalSourceType: 'camera' }))).toEqual(['digitalSourceType']);
    expect(pathsOf(ninjs3Document({ rightsInfo: { linkedRights: 7 } }))).toEqual([
      'rightsInfo.linkedRights',
    ]);
  });

  it('checks GeoJSON in places', () => {
    const places = [{ name: 'Harbour', geojson: { type: 'Spot', coordinates: [1, 2] } }];
    expect(pathsOf(ninjs2Document({ places }))).toEqual(['places[0].geojson.type']);
    const point = [{ name: 'Harbour', geojson: { type: 'Point', coordinates: [-130.3, 54.3] } }];
    expect(mapNinjs(ninjs2Document({ places: point }), target).fields.headline).toBeTruthy();
  });
});

describe('ninjs rules: associations', () => {
  const logo = { type: 'graphic', uri: 'urn:wire:logo', name: 'logo' };

  it('refuses a 2.x or 3.x association without a name or a uri', () => {
    const { name: _n, ...unnamed } = logo;
    const { uri: _u, ...unaddressed } = logo;
    expect(pathsOf(ninjs2Document({ associations: [unnamed] }))).toEqual(['associations[0].name']);
    expect(pathsOf(ninjs3Document({ associations: [unaddressed] }))).toEqual([
      'associations[0].uri',
    ]);
  });

  it('refuses an association that is not a valid news object itself', () => {
    expect(pathsOf(ninjs2Document({ associations: [{ ...logo, urgency: 12 }] }))).toEqual([
      'associations[0].urgency',
    ]);
  });

  it('ignores an unknown property of an association, with a warning', () => {
    expect(warningsOf(ninjs2Document({ associations: [{ ...logo, shade: 'blue' }] }))).toEqual([
      { path: 'associations[0].shade', message: 'ignored: not a ninjs 2.x property' },
    ]);
    const keyed = { logo: { uri: 'urn:wire:logo', type: 'graphic', shade: 'blue' } };
    expect(warningsOf(ninjs1Document({ associations: keyed })).map((w) => w.path)).toEqual([
      'associations.logo.shade',
    ]);
  });
});

describe('ninjs rules: 1.x pattern properties', () => {
  it('takes a suffix of letters, digits and _ as the 1.x schemas write the pattern', () => {
    // The 1.x patterns are anchored at the start only: "headline_x" then anything still matches.
    const doc = ninjs1Document({ 'headline_alt-2': 'Fares frozen', description_note: 'Note' });
    expect(mapNinjs(doc, target).fields.headline).toBe('Ferry fares to hold steady through spring');
  });

  it('ignores an empty or non-ASCII suffix as no pattern property, and refuses a value not text', () => {
    expect(warningsOf(ninjs1Document({ headline_: 'x' })).map((w) => w.path)).toEqual([
      'headline_',
    ]);
    expect(
      warningsOf(ninjs1Document({ 'headline_\u00e9t\u00e9': 'x' })).map((w) => w.path),
    ).toEqual(['headline_\u00e9t\u00e9']);
    expect(issuesOf(ninjs1Document({ body_extra: { p: 1 } }))).toEqual([
      { path: 'body_extra', message: expect.stringContaining('expected string') },
    ]);
  });

  it('takes any alternative ids in 1.x, keyed by the sender', () => {
    const doc = ninjs1Document({ altids: { itemId: 'a1', nested: { any: 'thing' } } });
    expect(mapNinjs(doc, target).fields.headline).toBeTruthy();
  });
});

describe('ninjs rules: events and plans (3.x)', () => {
  const event = (dates: Record<string, string>) => ({
    standard: { name: 'ninjs', version: '3.1' },
    uri: 'urn:wire:event:1',
    type: 'event',
    title: 'Council sitting',
    eventDetails: { dates },
  });

  it('names a bad expected date and conflicting start dates, besides the type', () => {
    expect(pathsOf(event({ expectedStartDate: 'late spring' }))).toEqual([
      'eventDetails.dates.expectedStartDate',
      'type',
    ]);
    expect(
      pathsOf(event({ startDate: '2026-12-01T09:00:00Z', expectedStartDate: '2026-12' })),
    ).toEqual(['eventDetails.dates', 'type']);
  });
});

describe('ninjs versions read from the names used', () => {
  it('reads a document declared with `standard` as 2.x even if its schema URL says 1.x', () => {
    const doc = {
      standard: { schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_1.3.json' },
      uri: 'urn:wire:1',
      headlines: [{ value: 'Standard object, 2.x name' }],
    };
    expect(mapNinjs(doc, target).fields.headline).toBe('Standard object, 2.x name');
  });

  it('reads listed associations without other 2.x names as 2.x', () => {
    const doc = { uri: 'urn:wire:2', title: 'Rights', associations: [{ name: 'a', uri: 'urn:a' }] };
    expect(mapNinjs(doc, target).fields.headline).toBe('Rights');
  });

  it('does not take camelCase keys a sender chose in 1.x alternative ids as 3.x', () => {
    const doc = { uri: 'urn:wire:3', headline_main: 'One', altids: { mySystem: 'A1' } };
    expect(mapNinjs(doc, target).fields.headline).toBe('One');
  });
});
