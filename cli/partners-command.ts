import { createApiClient, describeError } from './api-client.js';
import { parse } from './credentials-command.js';
import { CliError, type CliIo, EXIT } from './io.js';

export const PARTNERS_HELP = `Usage: dateline partners <add|list|show|remove> [options]

Manage push partners (needs the admin token in DATELINE_TOKEN): after a publish that changes a
feed they follow, Dateline POSTs them a signed JSON notification (README, "Partners (push)").

  dateline partners add NAME --endpoint https://… --feeds okanagan/wire[,interior-sports] [--json]
      Registers a partner and prints its signing secret, which is shown only this once.
  dateline partners list [--json]
      Lists every partner: name, endpoint, feeds, parked notifications (never a secret).
  dateline partners show NAME
      One partner as JSON, with its last delivery, last error and parked count.
  dateline partners remove NAME
      Removes a partner: nothing more is sent to it, retries waiting included.`;

interface Partner {
  name: string;
  endpoint: string;
  feeds: string[];
  parked?: number;
}

/** `dateline partners …`; returns the exit code. */
export async function partnersCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (!action || action === '--help' || action === '-h' || action === 'help') {
    io.out(PARTNERS_HELP);
    return action ? EXIT.ok : EXIT.usage;
  }
  if (action === 'add') return add(rest, io);
  if (action === 'list') return list(rest, io);
  if (action === 'show') return show(rest, io);
  if (action === 'remove') return remove(rest, io);
  throw new CliError(
    `unknown partners command "${action}" (add, list, show or remove)`,
    EXIT.usage,
  );
}

async function add(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    endpoint: { type: 'string' },
    feeds: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help(io);
  const name = onlyName(positionals, 'add');
  if (!values.endpoint || !values.feeds) {
    throw new CliError('add needs --endpoint and --feeds (e.g. --feeds okanagan/wire)', EXIT.usage);
  }
  const feeds = String(values.feeds)
    .split(',')
    .map((feed) => feed.trim())
    .filter(Boolean);
  const answer = await createApiClient(io).request('POST', '/partners', {
    body: JSON.stringify({ name, endpoint: values.endpoint, feeds }),
  });
  if (answer.status !== 201) return refused(answer, io);
  const created = answer.body as { partner: Partner; secret: string };
  if (values.json) {
    io.out(JSON.stringify(created, null, 2));
    return EXIT.ok;
  }
  io.err(`Registered partner "${name}" (${created.partner.feeds.join(', ')}).`);
  io.err('Its signing secret follows; it is shown only this once, so keep it now:');
  io.out(created.secret);
  return EXIT.ok;
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (values.help) return help(io);
  if (positionals.length > 0) throw new CliError('list takes no arguments', EXIT.usage);
  const answer = await createApiClient(io).request('GET', '/partners');
  if (answer.status !== 200) return refused(answer, io);
  const { partners } = answer.body as { partners: Partner[] };
  if (values.json) io.out(JSON.stringify(partners, null, 2));
  else if (partners.length === 0) io.err('No partners yet.');
  for (const p of values.json ? [] : partners) {
    io.out(`${p.name}  ${p.endpoint}  ${p.feeds.join(',')}  parked ${p.parked ?? 0}`);
  }
  return EXIT.ok;
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) return help(io);
  const name = onlyName(positionals, 'show');
  const answer = await createApiClient(io).request('GET', `/partners/${encodeURIComponent(name)}`);
  if (answer.status !== 200) return refused(answer, io);
  io.out(JSON.stringify((answer.body as { partner: Partner }).partner, null, 2));
  return EXIT.ok;
}

async function remove(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) return help(io);
  const name = onlyName(positionals, 'remove');
  const path = `/partners/${encodeURIComponent(name)}`;
  const answer = await createApiClient(io).request('DELETE', path);
  if (answer.status !== 200) return refused(answer, io);
  io.out(`Removed partner "${name}".`);
  return EXIT.ok;
}

function help(io: CliIo): number {
  io.out(PARTNERS_HELP);
  return EXIT.ok;
}

function onlyName(positionals: string[], action: string): string {
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) {
    throw new CliError(`${action} takes exactly one partner NAME`, EXIT.usage);
  }
  return name;
}

function refused(answer: { status: number; body: unknown }, io: CliIo): number {
  for (const line of describeError(answer)) io.err(line);
  return EXIT.failed;
}
