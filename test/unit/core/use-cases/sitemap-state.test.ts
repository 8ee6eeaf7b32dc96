import { describe, expect, it } from 'vitest';
import { sitemapStateOf } from '../../../../lambdas/core/use-cases/sitemap-state.js';
import { testSite } from '../../../fixtures/site.js';
import { wineryTeaser } from '../../../fixtures/stories.js';

const site = testSite();
const story = wineryTeaser({
  publishedAt: '2026-11-25T18:00:00.000Z',
  receivedAt: '2026-11-25T17:00:00.000Z',
  embargoUntil: '2026-11-25T19:00:00.000Z',
  expiresAt: '2026-11-27T00:00:00.000Z',
});
const at = (iso: string) => new Date(iso);

describe('sitemapStateOf', () => {
  it('lists a visible story on the day of its feed date, with its last update', () => {
    const state = sitemapStateOf(
      site,
      story.id,
      { ...story, updatedAt: '2026-11-26T08:00:00.000Z' },
      at('2026-11-26T09:00:00Z'),
    );
    expect(state.entry).toEqual({
      storyId: story.id,
      day: '2026-11-25',
      published: '2026-11-25T19:00:00.000Z',
      lastmod: '2026-11-26T08:00:00.000Z',
      title: story.headline,
      language: 'en-CA',
    });
  });

  it('lists no embargoed, killed, expired or deleted story', () => {
    expect(sitemapStateOf(site, story.id, story, at('2026-11-25T18:30:00Z')).entry).toBeUndefined();
    const killed = { ...story, killedAt: '2026-11-26T10:00:00.000Z' };
    expect(
      sitemapStateOf(site, story.id, killed, at('2026-11-26T11:00:00Z')).entry,
    ).toBeUndefined();
    expect(sitemapStateOf(site, story.id, story, at('2026-11-28T00:00:00Z')).entry).toBeUndefined();
    expect(
      sitemapStateOf(site, story.id, undefined, at('2026-11-28T00:00:00Z')).entry,
    ).toBeUndefined();
  });

  it('stamps later states of a story later: embargo lift, expiry, kill, a new take', () => {
    const states = [
      sitemapStateOf(site, story.id, story, at('2026-11-25T18:30:00Z')),
      sitemapStateOf(site, story.id, story, at('2026-11-25T20:00:00Z')),
      sitemapStateOf(site, story.id, story, at('2026-11-28T00:00:00Z')),
      sitemapStateOf(
        site,
        story.id,
        { ...story, killedAt: '2026-11-28T01:00:00.000Z' },
        at('2026-11-28T02:00:00Z'),
      ),
      sitemapStateOf(
        site,
        story.id,
        { ...story, receivedAt: '2026-11-28T03:00:00.000Z', expiresAt: undefined },
        at('2026-11-28T04:00:00Z'),
      ),
    ].map((s) => s.stamp);
    expect([...states].sort()).toEqual(states);
    expect(new Set(states).size).toBe(states.length);
  });
});
