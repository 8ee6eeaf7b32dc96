import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export const FORMATS = ['rss', 'atom', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface SmokeOptions {
  /** The ingest API base URL (the stack's ApiUrl output). */
  readonly api: string;
  /** The feeds base URL (the stack's FeedsUrl output). */
  readonly feeds: string;
  /** A bearer token that may write wire stories to `region`. */
  readonly token: string;
  /** A configured region slug. */
  readonly region: string;
  /** How long to wait for each change to show in every format. @default 180_000 */
  readonly timeoutMs?: number;
  /** Between two fetches of a feed. @default 1000 */
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

export interface SmokeReport {
  readonly storyId: string;
  readonly postStatus: number;
  /** Milliseconds from the POST's answer to the story being in each format. */
  readonly visibleMs: Record<Format, number>;
  readonly killStatus: number;
  /** Milliseconds from the DELETE's answer to the story being gone from each format. */
  readonly goneMs: Record<Format, number>;
}

/**
 * Posts a uniquely named wire story, waits until RSS, Atom and JSON Feed all list it, kills it,
 * and waits until none does (an Atom tombstone is not a listing). Throws, naming the step, when a
 * request is refused or a change does not show in time.
 */
export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const log = options.log ?? (() => undefined);
  const storyId = `smoke-${Date.now()}-${randomBytes(3).toString('hex')}`;
  const api = options.api.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${options.token}` };
  log(`posting ${storyId} to ${options.region}/wire`);
  const post = await fetch(`${api}/stories`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(smokeStory(storyId, options.region)),
  });
  if (post.status !== 201)
    throw new Error(`POST /stories answered ${post.status}: ${await post.text()}`);
  const visibleMs = await waitAll(options, storyId, true, log);
  const kill = await fetch(`${api}/stories/${encodeURIComponent(storyId)}`, {
    method: 'DELETE',
    headers: auth,
  });
  if (kill.status !== 200) throw new Error(`DELETE answered ${kill.status}: ${await kill.text()}`);
  log(`killed ${storyId}`);
  const goneMs = await waitAll(options, storyId, false, log);
  return { storyId, postStatus: post.status, visibleMs, killStatus: kill.status, goneMs };
}

/** The test story: wire copy, so it needs no page of its own; invented text. */
function smokeStory(id: string, region: string) {
  return {
    id,
    version: 1,
    channel: 'wire',
    regions: [region],
    headline: `Dateline smoke test ${id}`,
    summary: 'A test story posted and killed by npm run smoke',
    bodyHtml: '<p>This story checks that the publisher works. It is killed within minutes.</p>',
    credit: 'Dateline smoke test',
  };
}

async function waitAll(
  options: SmokeOptions,
  storyId: string,
  present: boolean,
  log: (line: string) => void,
): Promise<Record<Format, number>> {
  const started = Date.now();
  const times = await Promise.all(
    FORMATS.map(async (format) => {
      const url = `${options.feeds.replace(/\/+$/, '')}/feeds/${options.region}/wire.${format}`;
      for (;;) {
        const ids = await listedIds(url, format);
        if (ids.some((id) => id.endsWith(`story/${storyId}`)) === present) {
          const ms = Date.now() - started;
          log(`${present ? 'listed in' : 'gone from'} ${format} after ${ms} ms`);
          return [format, ms] as const;
        }
        if (Date.now() - started > (options.timeoutMs ?? 180_000)) {
          throw new Error(`${storyId} still ${present ? 'missing from' : 'listed in'} ${url}`);
        }
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
      }
    }),
  );
  return Object.fromEntries(times) as Record<Format, number>;
}

/** The item ids a feed lists (RSS guid, Atom entry id, JSON Feed item id); none if it is missing. */
export async function listedIds(url: string, format: Format): Promise<string[]> {
  const response = await fetch(url, { headers: { 'cache-control': 'no-cache' } });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const text = await response.text();
  if (format === 'json') {
    return ((JSON.parse(text) as { items?: Array<{ id: string }> }).items ?? []).map((i) => i.id);
  }
  const xml = new XMLParser({
    ignoreAttributes: true,
    isArray: (name) => ['item', 'entry'].includes(name),
  }).parse(text);
  const items: Array<{ guid?: unknown; id?: unknown }> =
    format === 'rss' ? (xml.rss?.channel?.item ?? []) : (xml.feed?.entry ?? []);
  return items.map((item) => String(format === 'rss' ? item.guid : item.id));
}
