import { Feed } from 'feed';
import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { renderSkeleton } from '../../../../lambdas/core/formats/feed-skeleton.js';
import { renderAtom } from '../../../../lambdas/core/formats/render-atom.js';
import { renderRss } from '../../../../lambdas/core/formats/render-rss.js';
import { feedContext, ottawaWire } from '../../../fixtures/stories.js';
import { wellFormednessErrors } from './strict-xml.js';

const HOSTILE = 'a ]]> b ]]> c <d> & \u0001';

describe('renderSkeleton', () => {
  it('leaves no placeholder behind', () => {
    const doc = buildFeedDocument(feedContext(), [ottawaWire({ channel: 'local' })], []);

    for (const xml of [renderRss(doc), renderAtom(doc)]) {
      expect(xml).not.toMatch(/placeholder\.invalid|dltext\d+x/);
    }
  });

  it('gives feed@6 the structure only: the skeleton holds the real values', () => {
    const doc = buildFeedDocument(feedContext(), [ottawaWire({ headline: HOSTILE })], []);
    const entry = renderSkeleton(doc, 'atom').children.find(
      (c) => typeof c !== 'string' && c.name === 'entry',
    );

    expect(entry && typeof entry !== 'string' && entry.children[0]).toEqual({
      name: 'title',
      attrs: { type: 'html' },
      children: ['a ]]> b ]]> c <d> &'],
    });
  });
});

/** Why feed@6 never sees story text: the traps of DESIGN.md §6, still there in feed 6.0.0. */
describe('feed@6 given story text directly', () => {
  function feedWith(title: string, category = 'x', link = 'https://x.example/a'): Feed {
    const feed = new Feed({ title: 't', id: 'https://x.example/', link: 'https://x.example/' });
    feed.addItem({
      title,
      link,
      date: new Date(0),
      category: [{ name: category, term: category }],
    });
    return feed;
  }

  it('writes control characters raw', () => {
    expect(wellFormednessErrors(feedWith('a \u0001 b').rss2())).toContain(
      'a character XML 1.0 forbids',
    );
  });

  it('splits only the first ]]> of a field', () => {
    expect(wellFormednessErrors(feedWith('a ]]> b ]]> c').rss2())).toContain(
      ']]> in character data',
    );
  });

  it('writes < raw into Atom category attributes', () => {
    expect(wellFormednessErrors(feedWith('t', 'a<b').atom1())).toContain('< in attribute label');
  });

  it('throws on a relative link, losing the whole feed', () => {
    expect(() => feedWith('t', 'x', '/relative').rss2()).toThrow(TypeError);
  });
});
