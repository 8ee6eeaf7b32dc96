import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import type { LocalApp } from '../../../lambdas/local/local-app.js';

export type Format = 'rss' | 'atom' | 'json';

export interface ReadFeed {
  readonly status: number;
  readonly contentType: string;
  readonly ids: string[];
  readonly titles: string[];
  readonly text: string;
}

/** Fetches one feed and reads its item ids and titles with a real parser for its format. */
export async function readFeed(
  app: LocalApp,
  region: string,
  channel: string,
  format: Format,
): Promise<ReadFeed> {
  const response = await fetch(`${app.url}/feeds/${region}/${channel}.${format}`);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status !== 200)
    return { status: response.status, contentType, ids: [], titles: [], text };
  if (format === 'json') {
    const feed = JSON.parse(text) as { items: Array<{ id: string; title: string }> };
    return {
      status: 200,
      contentType,
      ids: feed.items.map((i) => i.id),
      titles: feed.items.map((i) => i.title),
      text,
    };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new Error(`${region}/${channel}.${format} is not well-formed: ${JSON.stringify(valid)}`);
  const feed = parseFeed(text);
  return {
    status: 200,
    contentType,
    ids: feed.items.map((i) => i.id ?? ''),
    titles: feed.items.map((i) => i.title ?? ''),
    text,
  };
}
