import { describe, expect, it } from 'vitest';
import { cleanHtml } from '../../../../lambdas/core/content/clean-html.js';

const BASE = 'https://news.example.com/okanagan/story';

describe('cleanHtml', () => {
  it('keeps allowed markup', () => {
    expect(cleanHtml('<p>A <strong>bold</strong> <em>move</em></p><ul><li>one</li></ul>')).toBe(
      '<p>A <strong>bold</strong> <em>move</em></p><ul><li>one</li></ul>',
    );
  });

  it.each([
    ['script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['style', '<style>p{color:red}</style><p>a</p>', '<p>a</p>'],
    ['iframe', '<iframe src="https://x.example/"></iframe><p>a</p>', '<p>a</p>'],
    ['object and embed', '<object data="x"><embed src="y"></object><p>a</p>', '<p>a</p>'],
    ['svg with script', '<svg><script>alert(1)</script><text>t</text></svg><p>a</p>', '<p>a</p>'],
    ['template', '<template><p>hidden</p></template><p>a</p>', '<p>a</p>'],
    ['event handlers', '<p onclick="x()" onmouseover="y()">a</p>', '<p>a</p>'],
    ['style and class', '<p style="color:red" class="c" id="i">a</p>', '<p>a</p>'],
    ['comments', '<p>a<!-- secret --></p>', '<p>a</p>'],
  ])('removes %s', (_, html, expected) => {
    expect(cleanHtml(html, BASE)).toBe(expected);
  });

  it.each([
    ['javascript:', '<a href="javascript:alert(1)">x</a>'],
    ['javascript: hidden by whitespace', '<a href=" jav&#x09;ascript:alert(1)">x</a>'],
    ['javascript: in upper case', '<a href="JAVASCRIPT:alert(1)">x</a>'],
    ['data:', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>'],
    ['vbscript:', '<a href="vbscript:msgbox(1)">x</a>'],
  ])('drops %s links and keeps their text', (_, html) => {
    expect(cleanHtml(html, BASE)).toBe('<a>x</a>');
  });

  it('drops images whose source is not http(s), rather than leaving empty images', () => {
    const html = '<p>a<img src="data:image/png;base64,AAAA"><img src="mailto:x@example.com"></p>';

    expect(cleanHtml(html, BASE)).toBe('<p>a</p>');
  });

  it('makes relative links and image sources absolute against the story URL', () => {
    const html = '<a href="../wire/other?x=1&amp;y=2">o</a><img src="/img/a.jpg" alt="A">';

    expect(cleanHtml(html, BASE)).toBe(
      '<a href="https://news.example.com/wire/other?x=1&amp;y=2">o</a>' +
        '<img src="https://news.example.com/img/a.jpg" alt="A" />',
    );
  });

  it('resolves protocol-relative links against the story URL scheme', () => {
    expect(cleanHtml('<a href="//cdn.example.net/x">x</a>', BASE)).toBe(
      '<a href="https://cdn.example.net/x">x</a>',
    );
  });

  it('drops relative links when there is no story URL to resolve them against', () => {
    expect(cleanHtml('<a href="/x">x</a>')).toBe('<a>x</a>');
  });

  it('keeps mailto links', () => {
    expect(cleanHtml('<a href="mailto:desk@news.example.com">desk</a>')).toBe(
      '<a href="mailto:desk@news.example.com">desk</a>',
    );
  });

  it('keeps only numeric image sizes', () => {
    const html = '<img src="https://x.example/a.jpg" width="640" height="100%" onerror="x">';

    expect(cleanHtml(html)).toBe('<img src="https://x.example/a.jpg" width="640" />');
  });

  it('escapes stray markup characters and removes XML-forbidden ones, even from references', () => {
    expect(cleanHtml('<p>a < b & c]]> \u0001 &#1; &#x8; 😀 שלום</p>')).toBe(
      '<p>a &lt; b &amp; c]]&gt;    😀 שלום</p>',
    );
  });

  it('removes XML-forbidden characters from attributes, and an attribute left empty with them', () => {
    const once = cleanHtml('<p><img src="https://x.example/a.jpg" title="&#1;" alt="&#2;"></p>');

    expect(once).toBe('<p><img src="https://x.example/a.jpg" alt="" /></p>');
    // Sanitising is idempotent, so a body sanitised at ingest is never cleaned again (issue 10).
    expect(cleanHtml(once)).toBe(once);
  });

  it('does not throw on an unusable base URL', () => {
    expect(cleanHtml('<a href="/x">x</a>', 'not a url')).toBe('<a>x</a>');
  });
});
