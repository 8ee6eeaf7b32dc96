import { describe, expect, it } from 'vitest';
import { leadSummary } from '../../../../lambdas/core/content/lead-summary.js';

describe('leadSummary', () => {
  it('gives the first paragraph with text as plain text, entities decoded', () => {
    const html =
      '<p> </p><p>OTTAWA \u2014 Fish &amp; <a href="https://x.example/">chips</a> &lt;3</p><p>Two.</p>';

    expect(leadSummary(html)).toBe('OTTAWA \u2014 Fish & chips <3');
  });

  it('cuts a long lead at a word boundary, with an ellipsis, within the limit', () => {
    const summary = leadSummary(`<p>${'word '.repeat(100)}end</p>`, 42);

    expect(summary).toBe(`${'word '.repeat(8).trim()}\u2026`);
    expect(summary?.length).toBeLessThanOrEqual(42);
  });

  it('reads text outside paragraphs when there is no paragraph', () => {
    expect(leadSummary('Plain <b>text</b>.')).toBe('Plain text.');
  });

  it('gives nothing for a body without text', () => {
    expect(leadSummary('<p> </p><img src="https://x.example/a.jpg">')).toBeUndefined();
  });
});
