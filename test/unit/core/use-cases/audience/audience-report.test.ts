import { describe, expect, it } from 'vitest';
import {
  type AudienceStore,
  buildAudienceReport,
  type FeedDayRow,
  readAudience,
  reportDays,
} from '../../../../../lambdas/core/use-cases/audience/audience-report.js';

const row = (over: Partial<FeedDayRow>): FeedDayRow => ({
  day: '2026-12-05',
  feed: 'okanagan/wire.rss',
  fetches: 10,
  notModified: 4,
  bytes: 5000,
  clients: 3,
  readers: [],
  ...over,
});

describe('reportDays', () => {
  it('lists the days ending today, oldest first, across a month', () => {
    expect(reportDays(new Date('2026-12-02T23:00:00Z'), 3)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});

describe('buildAudienceReport', () => {
  it('adds hosted readers to clients and fills days without fetches with zeros', () => {
    const readers = [
      { reader: 'Inoreader', subscribers: 114 },
      { reader: 'Feedly', subscribers: 462 },
    ];
    const report = buildAudienceReport([row({ readers })], ['2026-12-04', '2026-12-05']);

    expect(report.from).toBe('2026-12-04');
    expect(report.feeds).toEqual([
      {
        feed: 'okanagan/wire',
        format: 'rss',
        days: [
          {
            day: '2026-12-04',
            subscribers: 0,
            hostedSubscribers: 0,
            clients: 0,
            fetches: 0,
            notModified: 0,
            bytes: 0,
            topReaders: [],
          },
          {
            day: '2026-12-05',
            subscribers: 579,
            hostedSubscribers: 576,
            clients: 3,
            fetches: 10,
            notModified: 4,
            bytes: 5000,
            topReaders: [readers[1], readers[0]],
          },
        ],
      },
    ]);
  });

  it('orders feeds by key and shows at most ten readers', () => {
    const readers = Array.from({ length: 12 }, (_, i) => ({ reader: `R${i}`, subscribers: i }));
    const report = buildAudienceReport(
      [row({ feed: 'shuswap/local.json', readers }), row({})],
      ['2026-12-05'],
    );

    expect(report.feeds.map((f) => `${f.feed}.${f.format}`)).toEqual([
      'okanagan/wire.rss',
      'shuswap/local.json',
    ]);
    expect(report.feeds[1]?.days[0]?.topReaders).toHaveLength(10);
    expect(report.feeds[1]?.days[0]?.topReaders[0]).toEqual({ reader: 'R11', subscribers: 11 });
  });
});

describe('readAudience', () => {
  it('reads the days of the range from the store', async () => {
    const asked: string[][] = [];
    const audience: AudienceStore = {
      add: async () => undefined,
      read: async (days) => {
        asked.push([...days]);
        return [row({})];
      },
    };
    const report = await readAudience(
      { audience, clock: { now: () => new Date('2026-12-05T12:00:00Z') } },
      2,
    );

    expect(asked).toEqual([['2026-12-04', '2026-12-05']]);
    expect(report.feeds[0]?.days[1]?.fetches).toBe(10);
  });
});
