import { feedUrl } from '../core/formats/feed-paths.js';
import { CHANNELS } from '../core/story/story-rules.js';
import type { LocalApp } from './local-app.js';
import type { LocalConfig } from './local-config.js';

/** The token as a shell word, so the printed `export` line can be pasted as it is. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._~+/=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** What `npm start` prints once ready: where everything is, and commands that work as pasted. */
export function formatBanner(
  app: Pick<LocalApp, 'url' | 'token' | 'seeded'>,
  config: Pick<LocalConfig, 'dataDir' | 'token' | 'site'>,
  ms: number,
): string {
  const post = (query: string, type: string, file: string) => [
    `  curl -X POST "${app.url}/stories${query}" -H "Authorization: Bearer $DATELINE_TOKEN" \\`,
    `    -H "Content-Type: ${type}" -d @${file}`,
  ];
  const lines = [
    '',
    `Dateline is running at ${app.url} (ready in ${(ms / 1000).toFixed(1)} s)`,
    `  store:      ${config.dataDir ? `on disk in ${config.dataDir}` : 'in memory (set DATELINE_DATA_DIR to keep it)'}`,
    `  samples:    ${app.seeded > 0 ? `${app.seeded} sample stories loaded` : 'none loaded'}`,
    `  token:      ${app.token}${config.token ? ' (from DATELINE_TOKEN)' : ' (random; set DATELINE_TOKEN to fix it)'}`,
    '              the admin credential; `npx dateline credentials --help` makes scoped ones',
    `  directory:  ${app.url}/   OPML: ${app.url}/feeds.opml`,
    `  API:        ${app.url}/openapi.json (OpenAPI 3.1)`,
    '  feeds:',
    ...config.site.regions.flatMap((region) =>
      CHANNELS.map(
        (channel) =>
          `    ${`${region.name} ${channel}`.padEnd(22)} ${feedUrl(app.url, region.slug, channel, 'rss')}  (.atom, .json)`,
      ),
    ),
    '',
    'Try it in another terminal, in this folder:',
    `  export DATELINE_URL=${app.url}`,
    `  export DATELINE_TOKEN=${shellWord(app.token)}`,
    ...post('', 'application/json', 'examples/local-teaser.json'),
    ...post('', 'application/json', 'examples/wire-story.json'),
    ...post(
      `?channel=wire&regions=${config.site.regions
        .slice(0, 2)
        .map((r) => r.slug)
        .join(',')}`,
      'application/vnd.iptc.ninjs+json',
      'examples/ninjs-story.json',
    ),
    `  curl ${feedUrl(app.url, config.site.regions[0]?.slug ?? 'okanagan', 'local', 'json')}`,
    '  npx dateline post examples/local-teaser.json   (the command-line client; --help for more)',
    '',
    'Press Ctrl-C to stop.',
  ];
  return lines.join('\n');
}
