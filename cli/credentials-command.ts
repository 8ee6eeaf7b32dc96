import { parseArgs } from 'node:util';
import { createApiClient, describeError } from './api-client.js';
import { CliError, type CliIo, EXIT } from './io.js';

export const CREDENTIALS_HELP = `Usage: dateline credentials <create|list|revoke> [options]

Manage named credentials (needs the admin token in DATELINE_TOKEN).

  dateline credentials create NAME --channels local[,wire|*] --regions okanagan[,shuswap|*]
                              [--expires-at 2027-01-01T00:00:00Z] [--edit] [--stats] [--json]
      Creates a credential and prints its token, which is shown only this once. --edit grants
      the edit ability: update, kill and read every story in its scope, whoever sent it;
      --stats the stats ability: read the audience figures (GET /stats, dateline stats).
  dateline credentials list [--json]
      Lists every credential: name, channels, regions, created, expires (never a secret).
  dateline credentials revoke NAME
      Revokes a credential: its token stops working (locally at once; on AWS within 30 s).

Names are 1-64 of letters, digits, ".", "_", ":" and "-" ("admin" in any case is reserved). A
credential may post only stories whose channel and every region are in its scope ("*" regions
covers every region), and update, kill or read (before it is public) only the stories it created,
unless it has --edit.`;

interface Credential {
  name: string;
  channels: string[];
  regions: string[];
  createdAt: string;
  expiresAt?: string;
  abilities?: string[];
}

/** `dateline credentials …`; returns the exit code. */
export async function credentialsCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (!action || action === '--help' || action === '-h' || action === 'help') {
    io.out(CREDENTIALS_HELP);
    return action ? EXIT.ok : EXIT.usage;
  }
  if (action === 'create') return create(rest, io);
  if (action === 'list') return list(rest, io);
  if (action === 'revoke') return revoke(rest, io);
  throw new CliError(
    `unknown credentials command "${action}" (create, list or revoke)`,
    EXIT.usage,
  );
}

async function create(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    channels: { type: 'string' },
    regions: { type: 'string' },
    'expires-at': { type: 'string' },
    edit: { type: 'boolean' },
    stats: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return help(io);
  const name = onlyName(positionals, 'create');
  if (!values.channels || !values.regions) {
    throw new CliError(
      'create needs --channels and --regions (e.g. --channels local --regions okanagan)',
      EXIT.usage,
    );
  }
  const body = {
    name,
    channels: list_(String(values.channels)),
    regions: list_(String(values.regions)),
    ...(values['expires-at'] ? { expiresAt: String(values['expires-at']) } : {}),
    ...(values.edit || values.stats
      ? { abilities: [...(values.edit ? ['edit'] : []), ...(values.stats ? ['stats'] : [])] }
      : {}),
  };
  const answer = await createApiClient(io).request('POST', '/credentials', {
    body: JSON.stringify(body),
  });
  if (answer.status !== 201) return refused(answer, io);
  const created = answer.body as { credential: Credential; token: string };
  if (values.json) {
    io.out(JSON.stringify(created, null, 2));
    return EXIT.ok;
  }
  io.err(`Created credential "${created.credential.name}": ${scopeText(created.credential)}.`);
  io.err('Its token follows; it is shown only this once, so keep it now:');
  io.out(created.token);
  return EXIT.ok;
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (values.help) return help(io);
  if (positionals.length > 0) throw new CliError('list takes no arguments', EXIT.usage);
  const answer = await createApiClient(io).request('GET', '/credentials');
  if (answer.status !== 200) return refused(answer, io);
  const { credentials } = answer.body as { credentials: Credential[] };
  if (values.json) {
    io.out(JSON.stringify(credentials, null, 2));
    return EXIT.ok;
  }
  if (credentials.length === 0) {
    io.err('No credentials yet (the admin token is not listed).');
    return EXIT.ok;
  }
  const rows = [
    ['NAME', 'CHANNELS', 'REGIONS', 'CREATED', 'EXPIRES'],
    ...credentials.map((c) => [
      c.name,
      c.channels.join(','),
      c.regions.join(','),
      c.createdAt,
      c.expiresAt ?? 'never',
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  return EXIT.ok;
}

async function revoke(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) return help(io);
  const name = onlyName(positionals, 'revoke');
  const answer = await createApiClient(io).request(
    'DELETE',
    `/credentials/${encodeURIComponent(name)}`,
  );
  if (answer.status !== 200) return refused(answer, io);
  io.out(`Revoked credential "${name}".`);
  return EXIT.ok;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];
type Values = Record<string, string | boolean | undefined>;

/** node:util parseArgs, strict, with `--help`; a bad command line is a usage error. */
export function parse(args: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
}

function help(io: CliIo): number {
  io.out(CREDENTIALS_HELP);
  return EXIT.ok;
}

function onlyName(positionals: string[], action: string): string {
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) {
    throw new CliError(`${action} takes exactly one credential NAME`, EXIT.usage);
  }
  return name;
}

function list_(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function scopeText(c: Credential): string {
  const abilities = c.abilities?.length ? `; may ${c.abilities.join(', ')}` : '';
  return `channels ${c.channels.join(', ')}; regions ${c.regions.join(', ')}; expires ${c.expiresAt ?? 'never'}${abilities}`;
}

function refused(answer: { status: number; body: unknown }, io: CliIo): number {
  for (const line of describeError(answer)) io.err(line);
  return EXIT.failed;
}
