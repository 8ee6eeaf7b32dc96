import { describe, expect, it } from 'vitest';
import { niceMax } from '../../../../../lambdas/core/use-cases/audience/audience-chart.js';
import { buildAudienceReport } from '../../../../../lambdas/core/use-cases/audience/audience-report.js';
import { renderStatsPage } from '../../../../../lambdas/core/use-cases/audience/stats-page.js';

const ctx = {
  lang: 'en-CA',
  siteName: 'Interior <News>',
  home: 'https://feeds.example.com/',
  stylesheet: 'https://feeds.example.com/page.css',
};
const days = ['2026-12-04', '2026-12-05'];

describe('renderStatsPage', () => {
  it('draws one chart per feed with both series scaled to their own maximum', () => {
    const report = buildAudienceReport(
      [
        {
          day: '2026-12-05',
          feed: 'okanagan/wire.rss',
          fetches: 40,
          notModified: 10,
          bytes: 9000,
          clients: 3,
          readers: [{ reader: 'Feedly <x>', subscribers: 462 }],
        },
      ],
      days,
    );
    const html = renderStatsPage(report, ctx);
    const lines = [...html.matchAll(/points="([^"]+)"/g)].map((m) => m[1]);

    expect(html).toContain('<h2 id="chart-1-h">okanagan/wire.rss</h2>');
    expect(html).toContain('aria-labelledby="chart-1-t chart-1-d"');
    // subscribers 0 then 465 of 500; fetches 0 then 40 of 50: the plot is 168 high, from y 184.
    expect(lines).toEqual(['56,184 584,27.8', '56,184 584,49.6']);
    expect(html).toContain('<li>Feedly &lt;x&gt;: 462</li>');
    expect(html).toContain('Interior &lt;News&gt;');
    expect(html).toContain(
      '<tr><th scope="row">2026-12-05</th><td>465</td><td>40</td><td>10</td><td>9000</td></tr>',
    );
    expect(html).not.toContain('<tr><th scope="row">2026-12-04');
  });

  it('says so when no feed was fetched', () => {
    const html = renderStatsPage(buildAudienceReport([], days), ctx);

    expect(html).toContain('No feed has been fetched in this period.');
    expect(html).not.toContain('<svg');
  });
});

describe('niceMax', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [465, 500],
    [1001, 2000],
    [7000, 10000],
  ])('scales %i to %i', (value, expected) => {
    expect(niceMax(value)).toBe(expected);
  });
});
