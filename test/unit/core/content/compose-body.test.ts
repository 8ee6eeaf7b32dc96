import { describe, expect, it } from 'vitest';
import { composeBody } from '../../../../lambdas/core/content/compose-body.js';

describe('composeBody', () => {
  it('shows a brief (a story without a body) as its summary, led by the dateline', () => {
    const html = composeBody({
      summary: 'Traffic flows again across the narrows',
      dateline: 'PRINCE RUPERT, B.C.',
      byline: [{ name: 'Ines Marlowe', title: 'The Canadian Wire' }],
    });

    expect(html).toBe(
      '<p>By Ines Marlowe, The Canadian Wire</p>\n' +
        '<p>PRINCE RUPERT, B.C. \u2014 Traffic flows again across the narrows</p>',
    );
  });

  it('leaves no dateline standing alone when there is no text to lead', () => {
    expect(composeBody({ dateline: 'OTTAWA', credit: 'The Canadian Wire' })).toBe(
      '<p>By The Canadian Wire</p>',
    );
  });

  it('prefers the body to the summary', () => {
    expect(composeBody({ bodyHtml: '<p>Body.</p>', summary: 'Dek' })).toBe('<p>Body.</p>');
  });

  it('leads the first paragraph with the dateline and an em dash', () => {
    const html = composeBody({
      bodyHtml: '<p>The minister said.</p><p>More.</p>',
      dateline: 'OTTAWA',
    });

    expect(html).toBe('<p>OTTAWA \u2014 The minister said.</p><p>More.</p>');
  });

  it('closes the body with the contributors line', () => {
    const html = composeBody({
      bodyHtml: '<p>Text.</p>',
      contributors: 'Omar Lindqvist contributed to this report.',
    });

    expect(html).toBe('<p>Text.</p>\n<p><em>Omar Lindqvist contributed to this report.</em></p>');
  });

  it('shows a correction visibly, before the story', () => {
    const html = composeBody({
      bodyHtml: '<p>Text.</p>',
      dateline: 'OTTAWA',
      correction: 'An earlier version misspelled a name.',
    });

    expect(html).toBe(
      '<p><strong>Correction:</strong> An earlier version misspelled a name.</p>\n' +
        '<p>OTTAWA \u2014 Text.</p>',
    );
  });

  it('does not repeat a dateline the sender already wrote', () => {
    expect(composeBody({ bodyHtml: '<p>OTTAWA (TCW) \u2014 Text.</p>', dateline: 'OTTAWA' })).toBe(
      '<p>OTTAWA (TCW) \u2014 Text.</p>',
    );
  });

  it('adds the dateline when the body merely starts with the same word', () => {
    expect(composeBody({ bodyHtml: '<p>Ottawa is cold.</p>', dateline: 'OTTAWA' })).toBe(
      '<p>OTTAWA \u2014 Ottawa is cold.</p>',
    );
  });

  it('does not repeat a contributors line already in the body', () => {
    const line = 'Omar Lindqvist contributed to this report.';

    expect(composeBody({ bodyHtml: `<p>Text.</p><p>${line}</p>`, contributors: line })).toBe(
      `<p>Text.</p><p>${line}</p>`,
    );
  });

  it('gives a body that opens with another element its own dateline paragraph', () => {
    expect(composeBody({ bodyHtml: '<h2>Sub</h2><p>Text.</p>', dateline: 'OTTAWA' })).toBe(
      '<p>OTTAWA \u2014</p>\n<h2>Sub</h2><p>Text.</p>',
    );
  });

  it('prefixes plain-text bodies', () => {
    expect(composeBody({ bodyHtml: 'Plain text.', dateline: 'OTTAWA' })).toBe(
      'OTTAWA \u2014 Plain text.',
    );
  });

  it('escapes markup in the plain-text parts so it is shown, not run', () => {
    const html = composeBody({
      bodyHtml: '<p>Text.</p>',
      dateline: '<b>X</b>',
      contributors: '<script>alert(1)</script>',
      correction: 'a & b',
    });

    expect(html).toBe(
      '<p><strong>Correction:</strong> a &amp; b</p>\n' +
        '<p>&lt;b&gt;X&lt;/b&gt; \u2014 Text.</p>\n' +
        '<p><em>&lt;script&gt;alert(1)&lt;/script&gt;</em></p>',
    );
  });

  it('sanitises the body and resolves its links against the story URL', () => {
    const html = composeBody({
      bodyHtml: '<p onclick="x">See <a href="/more">more</a></p><script>x</script>',
      url: 'https://news.example.com/wire/story',
    });

    expect(html).toBe('<p>See <a href="https://news.example.com/more">more</a></p>');
  });

  it('gives a body the sanitiser empties no dateline standing alone', () => {
    expect(composeBody({ bodyHtml: '<script>x</script>', dateline: 'OTTAWA' })).toBe('');
  });

  it('shows the byline with the agency before the story', () => {
    const html = composeBody({
      bodyHtml: '<p>Text.</p>',
      byline: [{ name: 'Julie Pace' }],
      credit: 'The Associated Press',
    });

    expect(html).toBe('<p>By Julie Pace, The Associated Press</p>\n<p>Text.</p>');
  });

  it('shows the photo as a figure with its caption and credit', () => {
    const html = composeBody({
      bodyHtml: '<p>Text.</p>',
      url: 'https://news.example.com/wire/story',
      image: {
        url: '/img/a.jpg',
        caption: 'Crews <work> at dawn.',
        credit: 'AP Photo/Lena Marsh',
        width: 1200,
        height: 800,
      },
    });

    expect(html).toBe(
      // The caption is the figure's text; alt does not read it a second time.
      '<figure><img src="https://news.example.com/img/a.jpg" alt="" ' +
        'width="1200" height="800" /><figcaption>Crews &lt;work&gt; at dawn. ' +
        '(AP Photo/Lena Marsh)</figcaption></figure>\n<p>Text.</p>',
    );
  });

  it("gives the picture's description as alt, apart from its caption", () => {
    const html = composeBody({
      bodyHtml: '<p>Text.</p>',
      image: {
        url: 'https://news.example.com/img/a.jpg',
        caption: 'Crews work at dawn.',
        alt: 'Three workers in orange vests lift a steel beam',
      },
    });

    expect(html).toContain('alt="Three workers in orange vests lift a steel beam"');
    expect(html).toContain('<figcaption>Crews work at dawn.</figcaption>');
  });

  it('leaves out a figure whose image URL cannot be made safe', () => {
    expect(composeBody({ bodyHtml: '<p>T.</p>', image: { url: 'javascript:x' } })).toBe(
      '<p>T.</p>',
    );
  });

  it('prints one dateline and one dash whatever the sender wrote', () => {
    const html = composeBody({
      bodyHtml: '<p>WASHINGTON (AP) -- President spoke.</p>',
      dateline: 'Washington \u2014',
    });

    expect(html).toBe('<p>WASHINGTON (AP) \u2014 President spoke.</p>');
  });
});
