import { formatBanner } from './banner.js';
import { startLocalApp } from './local-app.js';
import { loadLocalConfig } from './local-config.js';
import { chooseLogFormat, createLocalLogger } from './local-logger.js';
import { assertPortFree } from './port-check.js';

/** `npm start`: the local publisher, until Ctrl-C. */
async function main(): Promise<void> {
  const config = loadLocalConfig(process.env);
  const format = chooseLogFormat(config.logFormat, Boolean(process.stdout.isTTY));
  const log = createLocalLogger({ level: config.logLevel, format });
  await assertPortFree(config.port);
  const started = Date.now();
  console.log('Dateline: starting DynamoDB Local and the publisher…');
  const progress = (message: string) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Dateline: ${message} (${seconds} s)`);
  };
  const app = await startLocalApp({ ...config, log, progress });
  console.log(formatBanner(app, config, Date.now() - started));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nDateline: ${signal} received, shutting down…`);
    await app.stop();
    console.log('Dateline: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(
    `Dateline failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
