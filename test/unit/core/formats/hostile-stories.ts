import fc from 'fast-check';

/**
 * fast-check generators of hostile stored stories: random Unicode (whole code points and raw
 * UTF-16 code units, so lone surrogates too) mixed with pieces that have broken feeds before.
 */

/** Pieces that have broken feeds before: CDATA ends, entities, controls, lone surrogates, markup. */
export const TRAPS = [
  ']]>',
  '<![CDATA[',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '&amp;',
  '&nbsp;',
  '&#1;',
  '"\'<>&',
  '\u0000',
  '\u0008',
  '\u001F',
  '\uD800',
  '\uDFFF',
  '\uFFFE',
  '\r\n',
  '-->',
  '?>',
  '😀',
  'שלום עולם',
  '\u202E',
];

/** Any UTF-16 code unit, so lone surrogates come up too (unit 'binary' yields whole code points). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
export const text = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: codeUnit, maxLength: 12 }),
      fc.constantFrom(...TRAPS),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));
const optionalText = fc.option(text, { nil: undefined });
const url = fc.oneof(fc.webUrl(), text, fc.constant('/relative/path'));
const instant = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());

const story = (id: string) =>
  fc.record({
    id: fc.constant(id),
    version: fc.nat(),
    channel: fc.constantFrom('local' as const, 'wire' as const),
    regions: fc
      .constantFrom('*', 'okanagan', 'okanagan,shuswap', 'unknown')
      .map((r) => r.split(',')),
    headline: text,
    summary: optionalText,
    bodyHtml: optionalText,
    url: fc.option(url, { nil: undefined }),
    byline: fc.array(
      fc.record({ name: text, title: optionalText, url: fc.option(url, { nil: undefined }) }),
      { maxLength: 2 },
    ),
    dateline: optionalText,
    credit: optionalText,
    contributors: optionalText,
    correction: optionalText,
    copyright: optionalText,
    categories: fc.array(text, { maxLength: 3 }),
    image: fc.option(
      fc.record({ url, caption: optionalText, credit: optionalText, type: optionalText }),
      { nil: undefined },
    ),
    publishedAt: instant,
    updatedAt: fc.option(instant, { nil: undefined }),
    status: fc.constant('usable' as const),
    receivedAt: instant,
    fingerprint: fc.constant('x'),
  });

/** Zero to four stories with distinct valid ids (ids are checked at ingest). */
export const stories = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z0-9._:-]{1,24}$/), { minLength: 0, maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map(story)));
