import { parseArgs } from 'node:util';
import { createApiClient, describeError } from './api-client.js';
import { CliError, type CliIo, EXIT } from './io.js';

export const REBUILD_HELP = `Usage: dateline rebuild

Start a rebuild of every public file (needs the admin token in DATELINE_TOKEN): every feed
and its HTML view, every archive page, the page of every story that ever had one (live,
archived or withdrawn), the directory and OPML. It answers once the rebuild has started; the
rebuild runs on in the publisher (on AWS an asynchronous invoke of the publish function,
locally in the server). Files already right are left alone, so asking twice is harmless.`;

/** `dateline rebuild`; returns the exit code. */
export async function rebuildCommand(args: string[], io: CliIo): Promise<number> {
  let help = false;
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    help = values.help === true;
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  if (help) {
    io.out(REBUILD_HELP);
    return EXIT.ok;
  }
  const answer = await createApiClient(io).request('POST', '/rebuild');
  if (answer.status !== 202) {
    for (const line of describeError(answer)) io.err(line);
    return EXIT.failed;
  }
  io.out('Rebuild started: every feed, archive page, story page, the directory and OPML.');
  return EXIT.ok;
}
