import { Logger } from '@aws-lambda-powertools/logger';
import { type LocalConfig, loadLocalConfig } from '../config.js';
import { feedUrl } from '../core/feed/feed-paths.js';
import { CHANNELS } from '../core/story.js';
import { type LocalApp, startLocalApp } from './local-app.js';

/** `npm start`: the local publisher, until Ctrl-C. */
async function main(): Promise<void> {
  const config = loadLocalConfig(process.env);
  const log = new Logger({ serviceName: 'dateline', logLevel: config.logLevel as 'INFO' });
  const started = Date.now();
  console.log('Dateline: starting DynamoDB Local and the publisher…');
  const app = await startLocalApp({ ...config, log });
  printBanner(app, config, Date.now() - started);
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

function printBanner(app: LocalApp, config: LocalConfig, ms: number): void {
  const lines = [
    '',
    `Dateline is running at ${app.url} (ready in ${(ms / 1000).toFixed(1)} s)`,
    `  store:      ${config.dataDir ? `on disk in ${config.dataDir}` : 'in memory (set DATELINE_DATA_DIR to keep it)'}`,
    `  samples:    ${app.seeded > 0 ? `${app.seeded} sample stories loaded` : 'none loaded'}`,
    `  token:      ${app.token}${config.token ? ' (from DATELINE_TOKEN)' : ' (random; set DATELINE_TOKEN to fix it)'}`,
    '              the admin credential: `npx dateline credentials --help` makes scoped ones',
    `  directory:  ${app.url}/   OPML: ${app.url}/feeds.opml`,
    '  feeds:',
    ...config.site.regions.flatMap((region) =>
      CHANNELS.map(
        (channel) =>
          `    ${`${region.name} ${channel}`.padEnd(22)} ${feedUrl(app.url, region.slug, channel, 'rss')}  (.atom, .json)`,
      ),
    ),
    '',
    'Post a story:',
    `  curl -X POST ${app.url}/stories -H "Authorization: Bearer ${app.token}" \\`,
    `    -H "Content-Type: application/json" -d @story.json`,
    `  or: DATELINE_URL=${app.url} DATELINE_TOKEN=${app.token} npx dateline post story.json`,
    '',
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(
    `Dateline failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
