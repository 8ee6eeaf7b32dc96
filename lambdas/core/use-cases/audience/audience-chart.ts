import { attr, text } from '../../web/html.js';
import type { FeedAudience } from './audience-report.js';

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 56;
const RIGHT = 56;
const TOP = 16;
const BOTTOM = 36;
const SUBSCRIBERS_COLOUR = '#1a73e8';
const FETCHES_COLOUR = '#c26401';

/**
 * A feed's subscribers (solid line, left scale) and fetches (dashed line, right scale) per day as
 * an inline SVG: drawn on the server, no script, colours as presentation attributes (no inline
 * style, so the page's Content-Security-Policy holds) and text in the page's own colour. The SVG
 * is an image named by its title and description; the table beside it carries the same figures.
 */
export function renderAudienceChart(feed: FeedAudience, id: string): string {
  const days = feed.days;
  const subscribers = days.map((d) => d.subscribers);
  const fetches = days.map((d) => d.fetches);
  const subMax = niceMax(Math.max(0, ...subscribers));
  const fetchMax = niceMax(Math.max(0, ...fetches));
  const last = days[days.length - 1];
  const title = `${feed.feed}.${feed.format}: subscribers and fetches per day, ${days[0]?.day ?? ''} to ${last?.day ?? ''}`;
  const desc = `Latest day: ${last?.subscribers ?? 0} subscribers, ${last?.fetches ?? 0} fetches. Peak: ${Math.max(0, ...subscribers)} subscribers, ${Math.max(0, ...fetches)} fetches a day.`;
  const bottom = HEIGHT - BOTTOM;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${attr(id)}-t ${attr(id)}-d" font-size="12" font-family="system-ui, sans-serif">`,
    `<title id="${attr(id)}-t">${text(title)}</title>`,
    `<desc id="${attr(id)}-d">${text(desc)}</desc>`,
    `<g stroke="currentColor" stroke-opacity="0.3" stroke-width="1">`,
    `<line x1="${LEFT}" y1="${bottom}" x2="${WIDTH - RIGHT}" y2="${bottom}"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${WIDTH - RIGHT}" y2="${TOP}"/>`,
    '</g>',
    `<g fill="currentColor">`,
    `<text x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end">${subMax}</text>`,
    `<text x="${LEFT - 6}" y="${bottom + 4}" text-anchor="end">0</text>`,
    `<text x="${WIDTH - RIGHT + 6}" y="${TOP + 4}">${fetchMax}</text>`,
    `<text x="${WIDTH - RIGHT + 6}" y="${bottom + 4}">0</text>`,
    `<text x="${LEFT}" y="${HEIGHT - 8}">${text(days[0]?.day ?? '')}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${HEIGHT - 8}" text-anchor="end">${text(last?.day ?? '')}</text>`,
    '</g>',
    line(subscribers, subMax, SUBSCRIBERS_COLOUR, ''),
    line(fetches, fetchMax, FETCHES_COLOUR, ' stroke-dasharray="6 4"'),
    '</svg>',
  ].join('\n');
}

/** The legend under every chart (the colours and line styles, in words too). */
export function chartLegend(): string {
  const key = (colour: string, dash: string, label: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" stroke="${colour}" stroke-width="3"${dash}/></svg> ${label}`;
  return `<p class="meta">${key(SUBSCRIBERS_COLOUR, '', 'subscribers (solid, left scale)')} &#160; ${key(FETCHES_COLOUR, ' stroke-dasharray="6 4"', 'fetches (dashed, right scale)')}</p>`;
}

function line(values: readonly number[], max: number, colour: string, extra: string): string {
  const span = WIDTH - LEFT - RIGHT;
  const step = values.length > 1 ? span / (values.length - 1) : 0;
  const points = values
    .map((v, i) => {
      const x = LEFT + i * step;
      const y = HEIGHT - BOTTOM - (max > 0 ? (v / max) * (HEIGHT - TOP - BOTTOM) : 0);
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
  return `<polyline fill="none" stroke="${colour}" stroke-width="2"${extra} points="${points}"/>`;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The scale's top: the next of 1, 2 or 5 times a power of ten at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value) as number;
}
