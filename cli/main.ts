import { credentialsCommand } from './credentials-command.js';
import { CliError, type CliIo, EXIT } from './io.js';
import { partnersCommand } from './partners-command.js';
import { postCommand } from './post-command.js';
import { rebuildCommand } from './rebuild-command.js';
import { statsCommand } from './stats-command.js';

export const HELP = `Usage: dateline <command> [options]

The Dateline command-line client: talks to the ingest API at DATELINE_URL
(default http://localhost:3000) with the bearer token in DATELINE_TOKEN.

Commands:
  post FILE...                      post stories (native JSON or IPTC ninjs)
  credentials create NAME ...       create a scoped credential (admin); prints its token once
  credentials list                  list credentials (admin)
  credentials revoke NAME           revoke a credential (admin)
  rebuild                           rebuild every public file from the table (admin)
  partners add NAME ...             register a push partner (admin); prints its secret once
  partners list | show NAME | remove NAME   manage push partners (admin)
  stats [--days N] [--json]         subscribers, fetches and bytes per feed (admin or stats)

Run \`dateline <command> --help\` for a command's options.`;

/** Runs one command line; returns the process exit code. Never throws for a user's mistake. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (!command) {
      io.err(HELP);
      return EXIT.usage;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return EXIT.ok;
    }
    if (command === 'post') return await postCommand(rest, io);
    if (command === 'credentials') return await credentialsCommand(rest, io);
    if (command === 'rebuild') return await rebuildCommand(rest, io);
    if (command === 'partners') return await partnersCommand(rest, io);
    if (command === 'stats') return await statsCommand(rest, io);
    throw new CliError(`unknown command "${command}"; try \`dateline --help\``, EXIT.usage);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`dateline: ${error.message}`);
      return error.code;
    }
    io.err(
      `dateline: unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.failed;
  }
}
