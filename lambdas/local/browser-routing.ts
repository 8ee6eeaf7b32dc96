import type { IncomingHttpHeaders } from 'node:http';

const FEED_XML = /^feeds\/([a-z0-9-]+)\/(local|wire)\.(rss|atom)$/;

/**
 * The key to serve for a request: a browser tab navigating to an RSS or Atom feed
 * (`Sec-Fetch-Dest: document` and an `Accept` listing `text/html`) gets the feed's HTML view;
 * feed readers get the feed itself. The same rule as the CloudFront function in
 * lib/constructs/browser-routing.ts, where the reasons are written down.
 */
export function routedKey(key: string, headers: IncomingHttpHeaders): string {
  const match = FEED_XML.exec(key);
  if (!match) return key;
  const isTab =
    headers['sec-fetch-dest'] === 'document' && String(headers.accept ?? '').includes('text/html');
  return isTab ? `feeds/${match[1]}/${match[2]}.html` : key;
}
