import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../../lambdas/core/formats/feed-document.js';
import { itemChanges } from '../../../../lambdas/core/formats/item-changes.js';
import { renderJsonFeed } from '../../../../lambdas/core/formats/render-json-feed.js';
import { feedContext, libraryTeaser, wineryTeaser } from '../../../fixtures/stories.js';

const TAG = 'tag:news.example.com,2026-01-01:story';
const winery = wineryTeaser({ id: 'winery', version: 1 });
const library = libraryTeaser({ id: 'library', version: 1 });
const docOf = (
  stories = [winery, library],
  tombstones: { storyId: string; deletedAt: string }[] = [],
) => buildFeedDocument(feedContext(), stories, tombstones);
const jsonOf = (stories = [winery, library]) => renderJsonFeed(docOf(stories));

describe('itemChanges', () => {
  it('reports an item the previous document did not list as new, with its version', () => {
    const changes = itemChanges(jsonOf([library]), docOf());

    expect(changes).toEqual([
      { id: `${TAG}/winery`, storyId: 'winery', outcome: 'new', version: 1 },
    ]);
  });

  it('reports a listed item whose version moved as updated, and an unchanged one not at all', () => {
    const changes = itemChanges(jsonOf(), docOf([{ ...winery, version: 3 }, library]));

    expect(changes).toEqual([
      { id: `${TAG}/winery`, storyId: 'winery', outcome: 'updated', version: 3 },
    ]);
  });

  it('reports an item that left with a tombstone as killed, and one that left without (archived) not at all', () => {
    const doc = docOf([], [{ storyId: 'winery', deletedAt: '2026-11-25T20:59:00Z' }]);

    const changes = itemChanges(Buffer.from(jsonOf()), doc);

    expect(changes).toEqual([{ id: `${TAG}/winery`, storyId: 'winery', outcome: 'killed' }]);
  });

  it('reads the story id back from a tag URI that had to be %-encoded', () => {
    const odd = wineryTeaser({ id: 'urn:odd', version: 1 });
    const doc = docOf([], [{ storyId: 'urn:odd', deletedAt: '2026-11-25T20:59:00Z' }]);

    const [change] = itemChanges(jsonOf([odd]), doc);

    expect(change).toMatchObject({ storyId: 'urn:odd', outcome: 'killed' });
  });

  it('reads a previous document written in another layout (compact JSON) by parsing it', () => {
    const compact = JSON.stringify(JSON.parse(jsonOf([library])));

    const changes = itemChanges(compact, docOf([winery, { ...library, version: 2 }]));

    expect(changes.map((c) => [c.storyId, c.outcome])).toEqual([
      ['winery', 'new'],
      ['library', 'updated'],
    ]);
  });

  it('reports nothing on a first render or over a previous document it cannot read', () => {
    expect(itemChanges(undefined, docOf())).toEqual([]);
    expect(itemChanges('not json', docOf())).toEqual([]);
    expect(itemChanges('{"items": 3}', docOf())).toEqual([]);
  });
});
