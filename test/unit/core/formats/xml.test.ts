import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXmlAttr, escapeXmlText } from '../../../../lambdas/core/content/xml-escape.js';
import { el, parseXml, serializeXml } from '../../../../lambdas/core/formats/xml.js';
import { expectWellFormed } from './feed-readers.js';

/** Reads back the text of `<r>` and its `a` attribute with an independent parser. */
function readBack(xml: string): { text: string; attr: string } {
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: true,
  }).parse(xml) as { r: { '#text'?: string; a: string } };
  return { text: String(parsed.r['#text'] ?? ''), attr: parsed.r.a };
}

describe('escapeXmlText', () => {
  it('escapes &, < and > so that ]]> and entity look-alikes cannot survive', () => {
    expect(escapeXmlText('a ]]> b &nbsp; &amp; <c>')).toBe(
      'a ]]&gt; b &amp;nbsp; &amp;amp; &lt;c&gt;',
    );
  });

  it('drops characters XML 1.0 forbids and keeps emoji and right-to-left text', () => {
    expect(escapeXmlText('a\u0000b\u0008c\u001Fd\uFFFE\uD800e 😀 שלום')).toBe('abcde 😀 שלום');
  });

  it('keeps a carriage return as a character reference', () => {
    expect(escapeXmlText('a\r\nb')).toBe('a&#xD;\nb');
  });
});

describe('escapeXmlAttr', () => {
  it('escapes quotes, markup and whitespace controls', () => {
    expect(escapeXmlAttr(`"<'&>\t\n`)).toBe(`&quot;&lt;'&amp;&gt;&#x9;&#xA;`);
  });
});

describe('serializeXml', () => {
  const hostile = `]]> ]]> <x a="1"> &amp; &#1; &bogus; "q" 'a' \u0001\r\n\t😀 שלום \uDC00`;

  it('writes well-formed XML that reads back to the same text for any string', () => {
    const xml = serializeXml(el('r', { a: hostile }, [hostile]));

    expectWellFormed(xml);
    const expected = hostile.replace('\u0001', '').replace('\uDC00', '');
    expect(readBack(xml)).toEqual({ text: expected, attr: expected });
  });

  it('writes the declaration and stylesheet instructions first, escaping the href', () => {
    const xml = serializeXml(el('r'), [
      { type: 'text/xsl', href: 'https://x.example/a?b=1&c="?>' },
    ]);

    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<?xml-stylesheet type="text/xsl" href="https://x.example/a?b=1&amp;c=&quot;?&gt;"?>\n' +
        '<r/>\n',
    );
  });

  it('indents element-only content and keeps text inline', () => {
    expect(serializeXml(el('a', {}, [el('b', {}, ['t']), el('c')]))).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<a>\n  <b>t</b>\n  <c/>\n</a>\n',
    );
  });
});

describe('parseXml', () => {
  it('turns CDATA into text and drops indentation', () => {
    const tree = parseXml('<a x="1&amp;2">\n  <b><![CDATA[<p>hi</p>]]></b>\n</a>');

    expect(tree).toEqual({
      name: 'a',
      attrs: { x: '1&2' },
      children: [{ name: 'b', attrs: {}, children: ['<p>hi</p>'] }],
    });
  });
});
