import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapNinjs } from '../../lambdas/core/ingest/ninjs/ninjs.js';
import { parseStoryInput } from '../../lambdas/core/story/story.js';
import { sampleSite } from '../fixtures/site.js';

const regions = sampleSite.regions.map((r) => r.slug);
const read = (name: string): unknown => JSON.parse(readFileSync(`examples/${name}`, 'utf8'));

describe('examples/', () => {
  it('holds a local teaser the API accepts', () => {
    const story = parseStoryInput(read('local-teaser.json'), regions);

    expect(story.channel).toBe('local');
    expect(story.summary).toBeTruthy();
  });

  it('holds a wire story shaped like an agency story, for every region', () => {
    const story = parseStoryInput(read('wire-story.json'), regions);

    expect(story.channel).toBe('wire');
    expect(story.regions).toEqual(['*']);
    expect(story.dateline).toBeTruthy();
    expect(story.byline[0]?.title).toBeTruthy();
    expect(story.contributors).toMatch(/contributed to this report\.$/);
  });

  it('holds a ninjs document the API accepts for the regions named in the query string', () => {
    const mapped = mapNinjs(read('ninjs-story.json'), {
      channel: 'wire',
      regions: ['okanagan', 'shuswap'],
    });
    const story = parseStoryInput(mapped.fields, regions, { brief: mapped.brief });

    expect(story.headline).toBe('Forecasters raise avalanche danger after heavy snowfall');
    expect(story.dateline).toBe('GLACIER FALLS, B.C.');
  });
});
