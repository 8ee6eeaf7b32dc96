import { formatBanner } from './banner.js';
import { type LocalApp, startLocalApp } from './local-app.js';
import { exposureWarning, loadLocalConfig } from './local-config.js';
import { chooseLogFormat, createLocalLogger } from './local-logger.js';
import { assertPortFree } from './port-check.js';

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** `npm start`: the local publisher, until Ctrl-C. */
async function main(): Promise<void> {
  // Before anything is spawned: a signal at any moment must end every process this one started.
  // During start-up there is no app to stop yet: exiting runs DynamoDB Local's 'exit' handler,
  // which kills its JVM; once started, the app stops in order and the JVM finishes cleanly.
  let app: LocalApp | undefined;
  let stopping = false;
  const shutdown = async (signal: keyof typeof SIGNAL_EXIT_CODES) => {
    if (stopping) return;
    stopping = true;
    if (!app) {
      console.log(`\nDateline: ${signal} received during start-up, stopping.`);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    console.log(`\nDateline: ${signal} received, shutting down…`);
    await app.stop();
    console.log('Dateline: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const config = loadLocalConfig(process.env);
  const format = chooseLogFormat(config.logFormat, Boolean(process.stdout.isTTY));
  const log = createLocalLogger({ level: config.logLevel, format });
  await assertPortFree(config.port, config.host);
  const warning = exposureWarning(config);
  if (warning) console.warn(`Dateline: ${warning}`);
  const started = Date.now();
  console.log('Dateline: starting DynamoDB Local and the publisher…');
  const progress = (message: string) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Dateline: ${message} (${seconds} s)`);
  };
  app = await startLocalApp({ ...config, log, progress, publisherThread: true });
  console.log(formatBanner(app, config, Date.now() - started));
}

main().catch((error: unknown) => {
  console.error(
    `Dateline failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
