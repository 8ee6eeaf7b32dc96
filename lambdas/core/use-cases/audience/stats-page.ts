import { attr, renderHtmlPage, text } from '../../web/html.js';
import { chartLegend, renderAudienceChart } from './audience-chart.js';
import type { AudienceReport, DayFigures, FeedAudience } from './audience-report.js';

export interface StatsPageContext {
  readonly lang: string;
  readonly siteName: string;
  /** The feed directory (the site's public home). */
  readonly home: string;
  /** The pages' shared stylesheet. */
  readonly stylesheet: string;
}

/**
 * `GET /stats`: one section per feed and format with its chart and, as its text alternative, a
 * table of the days that had fetches (newest first) and the hosted readers of the latest one.
 */
export function renderStatsPage(report: AudienceReport, ctx: StatsPageContext): string {
  const sections = report.feeds.map((feed, i) => section(feed, `chart-${i + 1}`));
  const main = [
    `<h1>Audience</h1>`,
    `<p class="dek">Subscribers and fetches per feed and day (UTC), ${text(report.from)} to ${text(report.to)}.</p>`,
    '<p class="meta">Subscribers are the counts hosted readers (Feedly, Inoreader, …) report plus one per other client. No address or User-Agent of a person is kept: clients are counted by a keyed hash whose key changes every day.</p>',
    sections.length ? chartLegend() : '<p>No feed has been fetched in this period.</p>',
    ...sections,
  ].join('\n');
  return renderHtmlPage({
    lang: ctx.lang,
    title: `Audience — ${ctx.siteName}`,
    stylesheet: ctx.stylesheet,
    robots: 'noindex',
    // No icon of its own: an empty one keeps the browser from asking the API for /favicon.ico.
    links: ['<link rel="icon" href="data:,">'],
    site: { name: ctx.siteName, url: ctx.home },
    main,
  });
}

function section(feed: FeedAudience, id: string): string {
  const name = `${feed.feed}.${feed.format}`;
  const shown = [...feed.days].reverse().filter((d) => d.fetches > 0);
  const latest = feed.days[feed.days.length - 1];
  return [
    `<section aria-labelledby="${attr(id)}-h">`,
    `<h2 id="${attr(id)}-h">${text(name)}</h2>`,
    `<p class="meta">Today: ${latest?.subscribers ?? 0} subscribers, ${latest?.fetches ?? 0} fetches (${latest?.notModified ?? 0} answered 304), ${latest?.bytes ?? 0} bytes.</p>`,
    renderAudienceChart(feed, id),
    readersList(latest),
    '<table>',
    `<caption>${text(name)}: days with fetches</caption>`,
    '<thead><tr><th scope="col">Day</th><th scope="col">Subscribers</th><th scope="col">Fetches</th><th scope="col">304</th><th scope="col">Bytes</th></tr></thead>',
    '<tbody>',
    ...shown.map(
      (d) =>
        `<tr><th scope="row">${text(d.day)}</th><td>${d.subscribers}</td><td>${d.fetches}</td><td>${d.notModified}</td><td>${d.bytes}</td></tr>`,
    ),
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

function readersList(day: DayFigures | undefined): string {
  if (!day || (day.topReaders.length === 0 && day.clients === 0)) return '';
  const items = day.topReaders.map(
    (r) =>
      `<li>${text(r.reader)}${r.feedId ? ` (feed ${text(r.feedId)})` : ''}: ${r.subscribers}</li>`,
  );
  items.push(`<li>other clients: ${day.clients}</li>`);
  return `<p class="meta">Readers today:</p>\n<ul>\n${items.join('\n')}\n</ul>`;
}
