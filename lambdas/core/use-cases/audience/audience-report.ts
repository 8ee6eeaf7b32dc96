import type { Clock } from '../../ports.js';
import type { FeedDayDelta } from './audience-tally.js';
import { parseFeedFormatKey } from './feed-request.js';

/** A feed's stored day, as the store reads it back. */
export interface FeedDayRow {
  readonly day: string;
  /** `okanagan/wire.rss`. */
  readonly feed: string;
  readonly fetches: number;
  readonly notModified: number;
  readonly bytes: number;
  /** Distinct ordinary clients. */
  readonly clients: number;
  readonly readers: readonly {
    readonly reader: string;
    readonly feedId?: string;
    readonly subscribers: number;
  }[];
}

/**
 * Where audience counts live (DynamoDB on AWS and locally). `add` applies increments: two
 * writers counting the same feed and day (two log files, two Lambdas) never lose each other's.
 */
export interface AudienceStore {
  add(deltas: readonly FeedDayDelta[]): Promise<void>;
  /** Every feed's rows for the given days. */
  read(days: readonly string[]): Promise<FeedDayRow[]>;
}

export interface DayFigures {
  readonly day: string;
  /** Hosted readers' latest counts plus distinct other clients. */
  readonly subscribers: number;
  readonly hostedSubscribers: number;
  readonly clients: number;
  readonly fetches: number;
  readonly notModified: number;
  readonly bytes: number;
  /** Hosted readers, most subscribers first (at most 10). */
  readonly topReaders: readonly {
    readonly reader: string;
    readonly feedId?: string;
    readonly subscribers: number;
  }[];
}

export interface FeedAudience {
  /** `okanagan/wire`. */
  readonly feed: string;
  readonly format: string;
  /** Oldest first, one entry per day of the range (zeros on a day without fetches). */
  readonly days: readonly DayFigures[];
}

export interface AudienceReport {
  readonly from: string;
  readonly to: string;
  readonly feeds: readonly FeedAudience[];
}

/** Days kept: counts expire by TTL after this many. */
export const AUDIENCE_RETENTION_DAYS = 400;
export const DEFAULT_REPORT_DAYS = 90;
const TOP_READERS = 10;

/** The `days` UTC days ending today, oldest first. */
export function reportDays(today: Date, days: number): string[] {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** Each counted feed's figures over the last `days` days (today included), from the store. */
export async function readAudience(
  deps: { readonly audience: AudienceStore; readonly clock: Clock },
  days = DEFAULT_REPORT_DAYS,
): Promise<AudienceReport> {
  const range = reportDays(deps.clock.now(), days);
  return buildAudienceReport(await deps.audience.read(range), range);
}

/** Stored rows as a report over `range`: one series per feed and format, sorted by feed. */
export function buildAudienceReport(
  rows: readonly FeedDayRow[],
  range: readonly string[],
): AudienceReport {
  const byFeed = new Map<string, Map<string, FeedDayRow>>();
  for (const row of rows) {
    if (!byFeed.has(row.feed)) byFeed.set(row.feed, new Map());
    byFeed.get(row.feed)?.set(row.day, row);
  }
  const feeds = [...byFeed.keys()].sort().flatMap((key) => {
    const target = parseFeedFormatKey(key);
    if (!target) return [];
    const stored = byFeed.get(key) as Map<string, FeedDayRow>;
    return [{ ...target, days: range.map((day) => figures(day, stored.get(day))) }];
  });
  return { from: range[0] ?? '', to: range[range.length - 1] ?? '', feeds };
}

function figures(day: string, row: FeedDayRow | undefined): DayFigures {
  const readers = [...(row?.readers ?? [])].sort(
    (a, b) => b.subscribers - a.subscribers || a.reader.localeCompare(b.reader),
  );
  const hosted = readers.reduce((sum, r) => sum + r.subscribers, 0);
  const clients = row?.clients ?? 0;
  return {
    day,
    subscribers: hosted + clients,
    hostedSubscribers: hosted,
    clients,
    fetches: row?.fetches ?? 0,
    notModified: row?.notModified ?? 0,
    bytes: row?.bytes ?? 0,
    topReaders: readers.slice(0, TOP_READERS),
  };
}
