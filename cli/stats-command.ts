import { parseArgs } from 'node:util';
import type { AudienceReport } from '../lambdas/core/use-cases/audience/audience-report.js';
import { createApiClient, describeError } from './api-client.js';
import { CliError, type CliIo, EXIT } from './io.js';

export const STATS_HELP = `Usage: dateline stats [--days N] [--json]

Print each feed's audience (admin token, or a credential with the "stats" ability):
subscribers today (hosted readers' reported counts plus one per other client) and N-1 days
before, today's fetches, 304s and bytes, and the top hosted reader. Days are UTC.

Options:
  --days N   the period, 1 to 400 days ending today (default 90)
  --json     print GET /stats.json's answer as it is`;

/** `dateline stats`; returns the exit code. */
export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  let values: { help?: boolean; json?: boolean; days?: string };
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        days: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  if (values.help) {
    io.out(STATS_HELP);
    return EXIT.ok;
  }
  const answer = await createApiClient(io).request('GET', '/stats.json', {
    query: values.days === undefined ? {} : { days: values.days },
  });
  if (answer.status !== 200) {
    for (const line of describeError(answer)) io.err(line);
    return EXIT.failed;
  }
  if (values.json) {
    io.out(JSON.stringify(answer.body, null, 2));
    return EXIT.ok;
  }
  for (const line of statsTable(answer.body as AudienceReport)) io.out(line);
  return EXIT.ok;
}

/** The report as aligned text: one row per feed and format. */
export function statsTable(report: AudienceReport): string[] {
  if (report.feeds.length === 0)
    return [`No feed was fetched from ${report.from} to ${report.to}.`];
  const header = [
    'FEED',
    'SUBSCRIBERS',
    `ON ${report.from}`,
    'FETCHES',
    '304',
    'BYTES',
    'TOP READER',
  ];
  const rows = report.feeds.map((feed) => {
    const first = feed.days[0];
    const last = feed.days[feed.days.length - 1];
    const top = last?.topReaders[0];
    return [
      `${feed.feed}.${feed.format}`,
      String(last?.subscribers ?? 0),
      String(first?.subscribers ?? 0),
      String(last?.fetches ?? 0),
      String(last?.notModified ?? 0),
      String(last?.bytes ?? 0),
      top ? `${top.reader} (${top.subscribers})` : '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1
          ? cell.padEnd(widths[i] ?? 0)
          : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [`Audience on ${report.to} (UTC)`, format(header), ...rows.map(format)];
}
