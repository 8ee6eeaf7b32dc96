import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEAN_HTML_POLICY, cleanHtml } from '../../../../lambdas/core/content/clean-html.js';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { toFeedItem } from '../../../../lambdas/core/formats/feed-item.js';
import { renderFeedFiles } from '../../../../lambdas/core/formats/render-feed-files.js';
import { parseStoryInput, resolveStory, type Story } from '../../../../lambdas/core/story/story.js';
import { feedContext, feedSite, NOW, ottawaWire } from '../../../fixtures/stories.js';
import { TRAPS, text } from '../formats/hostile-stories.js';

/**
 * Why the renderer may skip sanitising a body ingest recorded as cleaned under the current
 * policy: `cleanHtml` is idempotent, so the skipped pass would have changed nothing, and a body
 * without that record (stored by another build or policy, or not through ingest) is cleaned.
 */

const TAGS = [
  'p',
  'a',
  'img',
  'figure',
  'script',
  'style',
  'svg',
  'table',
  'td',
  'b',
  'span',
  'iframe',
  'br',
  'li',
  'math',
];
const ATTRS = ['href', 'src', 'onclick', 'style', 'title', 'width', 'alt', 'colspan', 'class'];
const VALUES = [
  '/relative/path',
  'https://example.com/a?b=1&c=2',
  'javascript:alert(1)',
  ' jav&#x09;ascript:x',
  '//protocol.example/relative',
  'mailto:desk@example.com',
  'data:image/png;base64,AAAA',
  '120',
  '"quoted"',
  'x onerror=alert(1)',
];

/** Markup that mixes allowed and forbidden tags, attributes and URLs with hostile text. */
const html: fc.Arbitrary<string> = fc.letrec<{ node: string; nodes: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.constantFrom(...TRAPS, '&lt;b&gt;', '&amp;amp;', '&#x3C;script&#x3E;', '<!-- c -->', '</p>'),
    fc
      .tuple(
        fc.constantFrom(...TAGS),
        fc.array(fc.tuple(fc.constantFrom(...ATTRS), fc.oneof(fc.constantFrom(...VALUES), text)), {
          maxLength: 3,
        }),
        tie('nodes'),
        fc.boolean(),
      )
      .map(([tag, attrs, inner, closed]) => {
        const attributes = attrs.map(
          ([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`,
        );
        return `<${tag}${attributes.join('')}>${inner}${closed ? `</${tag}>` : ''}`;
      }),
  ),
  nodes: fc.array(tie('node'), { maxLength: 4 }).map((parts) => parts.join('')),
})).nodes;

const BASE = 'https://News.Example.com/okanagan/a%20story';

describe('cleanHtml', () => {
  it('is idempotent: cleaning its own output again changes nothing, whatever the base', () => {
    fc.assert(
      fc.property(html, (dirty) => {
        const once = cleanHtml(dirty, BASE);

        expect(cleanHtml(once, new URL(BASE).href)).toBe(once);
        expect(cleanHtml(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the record of a body cleaned at ingest', () => {
  const wire = (bodyHtml: string) => ({
    id: 'urn:wire:tcw:sanitise-once',
    version: 1,
    channel: 'wire',
    regions: ['okanagan'],
    headline: 'Council weighs the transit plan',
    bodyHtml,
    url: BASE,
    publishedAt: '2026-11-25T17:00:00.000Z',
  });

  it('is made for a body parsed at ingest, and never for one made another way', () => {
    const input = parseStoryInput(wire('<p onclick="x()">Text.</p>'), ['okanagan']);
    const { bodyCleanedBy: _, ...copy } = input as typeof input & { bodyCleanedBy?: string };

    expect(resolveStory(input, undefined, NOW).bodyCleanedBy).toBe(CLEAN_HTML_POLICY);
    expect(resolveStory({ ...copy }, undefined, NOW).bodyCleanedBy).toBeUndefined();
  });

  it('is not shown by the fingerprint: the same take keeps its fingerprint', () => {
    const input = parseStoryInput(wire('<p>Text.</p>'), ['okanagan']);
    const again = { ...input };

    expect(resolveStory(input, undefined, NOW).fingerprint).toBe(
      resolveStory(again, undefined, NOW).fingerprint,
    );
  });

  it.each([
    ['no record', undefined],
    ['the record of another policy', 'clean-html/0/older'],
  ])('with %s, the body is cleaned again when rendered', (_, bodyCleanedBy) => {
    const story = ottawaWire({
      bodyHtml:
        '<p onclick="x()">Text <a href="javascript:alert(1)">here</a>.</p><script>x()</script>',
      bodyCleanedBy,
    });

    const content = toFeedItem(feedSite(), story).contentHtml ?? '';

    expect(content).toContain('Text <a>here</a>.');
    expect(content).not.toMatch(/script|onclick|javascript/);
  });

  it('renders the very bytes a second cleaning would give, for any body ingest accepts', () => {
    fc.assert(
      fc.property(html, (body) => {
        let stored: Story;
        try {
          stored = resolveStory(parseStoryInput(wire(body), ['okanagan']), undefined, NOW);
        } catch {
          fc.pre(false);
          return;
        }
        const { bodyCleanedBy: _, ...unrecorded } = stored;
        const ctx = feedContext({ feed: { region: 'okanagan', channel: 'wire' } });
        const render = (story: Story) =>
          renderFeedFiles(buildFeedDocument(ctx, [story], [])).map((f) => f.body);

        expect(stored.bodyCleanedBy).toBe(CLEAN_HTML_POLICY);
        expect(render(stored)).toEqual(render(unrecorded));
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
