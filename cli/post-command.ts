import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type ApiClient, createApiClient, describeError } from './api-client.js';
import { parse } from './credentials-command.js';
import { CliError, type CliIo, EXIT } from './io.js';

export const POST_HELP = `Usage: dateline post FILE... [--channel local|wire] [--regions a,b] [--ninjs]

Posts stories to POST /stories, one answer line per story; exits 1 if any was refused. A file
holding an array of native stories goes to POST /stories/batch, up to 100 stories a request,
so a long file spends little of the credential's rate limit. A 429 (the rate limit) is sent
again after its Retry-After, up to five times.

  FILE       a story as native JSON, an array of them, or an IPTC ninjs document. A file is
             ninjs if its name ends in .ninjs or .ninjs.json, if --ninjs is given, or if it
             has a "uri" and no "id".
  --channel  ninjs only: the channel (default wire)
  --regions  ninjs only: the target regions, e.g. okanagan,shuswap (ninjs names none itself)

Reads DATELINE_URL (default http://localhost:3000) and DATELINE_TOKEN.`;

const NINJS_TYPE = 'application/vnd.iptc.ninjs+json';

/** `dateline post FILE…`; returns the exit code. */
export async function postCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    channel: { type: 'string' },
    regions: { type: 'string' },
    ninjs: { type: 'boolean' },
  });
  if (values.help) {
    io.out(POST_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new CliError('post needs at least one FILE', EXIT.usage);
  const client = createApiClient(io);
  let failed = 0;
  for (const file of positionals) {
    const documents = await readDocuments(file);
    const labelled = documents.map((document, index) => ({
      document,
      label: documents.length > 1 ? `${file}[${index}]` : file,
      ninjs: values.ninjs === true || isNinjsFile(file) || looksLikeNinjs(document),
    }));
    const native = labelled.filter((entry) => !entry.ninjs);
    const batched = native.length > 1;
    for (let at = 0; batched && at < native.length; at += BATCH) {
      failed += await postBatch(client, io, native.slice(at, at + BATCH));
    }
    const singles = batched ? labelled.filter((entry) => entry.ninjs) : labelled;
    for (const { document, label, ninjs } of singles) {
      const ok = await postOne(client, io, label, document, {
        ninjs,
        channel: values.channel as string | undefined,
        regions: values.regions as string | undefined,
      });
      if (!ok) failed++;
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

/** The most stories `POST /stories/batch` takes at once. */
const BATCH = 100;

interface BatchResult {
  readonly index: number;
  readonly id?: string;
  readonly status: number;
  readonly outcome?: string;
  readonly error?: unknown;
}

/**
 * Posts native stories as one batch; prints a line per story, as `postOne` does (the version is
 * the one each story was sent with). Returns how many were refused: all of them when the batch
 * itself was (its error printed under each story's label).
 */
async function postBatch(
  client: ApiClient,
  io: CliIo,
  entries: ReadonlyArray<{ document: unknown; label: string }>,
): Promise<number> {
  const answer = await client.request('POST', '/stories/batch', {
    body: JSON.stringify({ stories: entries.map((entry) => entry.document) }),
    contentType: 'application/json',
  });
  const results = (answer.body as { results?: BatchResult[] } | undefined)?.results;
  if (answer.status !== 200 || !Array.isArray(results)) {
    const [first = '', ...details] = describeError(answer);
    for (const { label } of entries) {
      io.err(`${label}: ${first}`);
      for (const line of details) io.err(line);
    }
    return entries.length;
  }
  const byIndex = new Map(results.map((result) => [result.index, result]));
  let refused = 0;
  for (const [index, entry] of entries.entries()) {
    const result = byIndex.get(index) ?? { index, status: 0, error: { message: 'no answer' } };
    if (result.status === 200 || result.status === 201) {
      const version = (entry.document as { version?: unknown }).version;
      io.out(
        `${entry.label}: ${result.status} ${result.outcome} ${result.id} (version ${version})`,
      );
      continue;
    }
    refused++;
    const [first = '', ...details] = describeError({
      status: result.status,
      body: { error: result.error },
    });
    io.err(`${entry.label}: ${first}`);
    for (const line of details) io.err(line);
  }
  return refused;
}

async function postOne(
  client: ApiClient,
  io: CliIo,
  label: string,
  document: unknown,
  options: { ninjs: boolean; channel?: string; regions?: string },
): Promise<boolean> {
  const query: Record<string, string> = {};
  if (options.ninjs && options.channel) query.channel = options.channel;
  if (options.ninjs && options.regions) query.regions = options.regions;
  const answer = await client.request('POST', '/stories', {
    body: JSON.stringify(document),
    contentType: options.ninjs ? NINJS_TYPE : 'application/json',
    query,
  });
  if (answer.status === 200 || answer.status === 201) {
    const { outcome, story } = answer.body as {
      outcome: string;
      story: { id: string; version: number };
    };
    io.out(`${label}: ${answer.status} ${outcome} ${story.id} (version ${story.version})`);
    return true;
  }
  const [first = '', ...details] = describeError(answer).map(inFlagTerms);
  io.err(`${label}: ${first}`);
  for (const line of details) io.err(line);
  return false;
}

async function readDocuments(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function isNinjsFile(file: string): boolean {
  return /\.ninjs(\.json)?$/i.test(basename(file));
}

function looksLikeNinjs(document: unknown): boolean {
  return (
    typeof document === 'object' && document !== null && 'uri' in document && !('id' in document)
  );
}

/**
 * The API names its query parameters (`query.regions`, `?regions=okanagan`); here they are
 * this command's flags, so the message says what to type.
 */
function inFlagTerms(line: string): string {
  return line
    .replace(/\bquery\.(regions|channel)\b/g, '--$1')
    .replace(/\?(regions|channel)=/g, '--$1 ')
    .replace(/ \(and \?channel=…&regions=… in the query\)/, ' (post it with --ninjs --regions …)');
}
