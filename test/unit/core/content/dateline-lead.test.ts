import { describe, expect, it } from 'vitest';
import { cleanDateline, withDateline } from '../../../../lambdas/core/content/dateline-lead.js';

const DASH = '\u2014';

describe('cleanDateline', () => {
  it.each([
    ['WASHINGTON \u2014', 'WASHINGTON'],
    ['OTTAWA -', 'OTTAWA'],
    ['ROME --', 'ROME'],
    ['KELOWNA, B.C. \u2013 ', 'KELOWNA, B.C.'],
    ['WINSTON-SALEM, N.C.', 'WINSTON-SALEM, N.C.'],
  ])('prints %j as %j', (sent, printed) => {
    expect(cleanDateline(sent)).toBe(printed);
  });
});

describe('withDateline', () => {
  it('leads the first paragraph with the dateline and one em dash', () => {
    expect(withDateline('<p>The minister said.</p>', 'OTTAWA')).toBe(
      `<p>OTTAWA ${DASH} The minister said.</p>`,
    );
  });

  it.each([
    [
      'the same dateline in another case',
      'Washington',
      'WASHINGTON \u2014 President',
      'WASHINGTON \u2014',
    ],
    ['an agency tag', 'WASHINGTON', 'WASHINGTON (AP) \u2014 President', 'WASHINGTON (AP) \u2014'],
    [
      'a spelling variant and the typewriter --',
      'Grossetto, Italy',
      'GROSSETO, Italy (AP) -- The trial',
      `GROSSETO, Italy (AP) ${DASH}`,
    ],
    ['a single hyphen', 'OTTAWA', 'OTTAWA - The minister', 'OTTAWA -'],
    [
      'mixed case and a slip of spelling',
      'Grossetto',
      'Grosseto \u2013 The trial',
      'Grosseto \u2013',
    ],
    [
      'a hyphenated place',
      'WINSTON-SALEM',
      'WINSTON-SALEM, N.C. (AP) \u2014 A',
      'WINSTON-SALEM, N.C. (AP) \u2014',
    ],
    [
      "Reuters' date and hyphen",
      'LONDON',
      'LONDON, Dec 5 (Reuters) - Shares',
      'LONDON, Dec 5 (Reuters) -',
    ],
  ])(
    "keeps a body that already opens with its dateline (%s) with the sender's dash, once",
    (_, dateline, lead, kept) => {
      const html = withDateline(`<p>${lead} rest.</p>`, dateline);

      expect(html.startsWith(`<p>${kept} `)).toBe(true);
      expect(html.match(/\u2014|\u2013|--| - /g)).toHaveLength(1);
    },
  );

  it('adds the dateline when the body merely starts with the same word', () => {
    expect(withDateline('<p>Ottawa is cold - really.</p>', 'OTTAWA')).toBe(
      `<p>OTTAWA ${DASH} Ottawa is cold - really.</p>`,
    );
  });

  it('adds the dateline to a lead whose first words are not a place', () => {
    expect(withDateline('<p>The minister - who spoke - left.</p>', 'OTTAWA')).toBe(
      `<p>OTTAWA ${DASH} The minister - who spoke - left.</p>`,
    );
  });

  it('normalises a sender-written dateline even when no dateline field is given', () => {
    expect(withDateline('<p>ROME (AP) -- Text.</p>', '')).toBe(`<p>ROME (AP) ${DASH} Text.</p>`);
  });

  it('leaves a body without dateline alone when none is given', () => {
    expect(withDateline('<p>Text - more.</p>', '')).toBe('<p>Text - more.</p>');
    expect(withDateline('<h2>Sub</h2>', '')).toBe('<h2>Sub</h2>');
    expect(withDateline('', '')).toBe('');
  });

  it('handles plain-text bodies and escapes the dateline', () => {
    expect(withDateline('Plain text.', 'A&B')).toBe(`A&amp;B ${DASH} Plain text.`);
  });
});
