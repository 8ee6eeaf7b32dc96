/**
 * A hosted feed reader (one fetcher for many people) and the subscriber count it reports in its
 * User-Agent, e.g. `Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )`.
 */
export interface HostedReader {
  /** The service's name, e.g. `Feedly`; never a person's User-Agent. */
  readonly reader: string;
  readonly subscribers: number;
  /** The service's own id of the feed, when it reports one (Feedbin, The Old Reader). */
  readonly feedId?: string;
}

/** Services known by name; any other User-Agent that reports subscribers is named by its product. */
const KNOWN: ReadonlyArray<readonly [string, RegExp]> = [
  ['Feedly', /\bfeedly\b/i],
  ['Inoreader', /\binoreader\b/i],
  ['Feedbin', /\bfeedbin\b/i],
  ['NewsBlur', /\bnewsblur\b/i],
  ['The Old Reader', /\btheoldreader\b/i],
  ['BazQux', /\bbazqux\b/i],
];

const SUBSCRIBERS = /\b(\d{1,9}) +(?:subscribers?|readers?)\b/i;
const FEED_ID = /\bfeed-?id *[:=] *([A-Za-z0-9_-]{1,64})/i;
const PRODUCT = /^([A-Za-z][A-Za-z0-9._-]{0,39})/;

/**
 * The hosted reader a User-Agent names, or undefined for an ordinary client (a desktop or phone
 * app, a self-hosted reader), which is counted once per client instead. A generic browser token
 * (`Mozilla/5.0 (compatible; …)`) is not taken for a service's name.
 */
export function parseHostedReader(userAgent: string): HostedReader | undefined {
  const count = SUBSCRIBERS.exec(userAgent);
  if (!count) return undefined;
  const subscribers = Number(count[1]);
  const reader = KNOWN.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? productOf(userAgent);
  if (!reader) return undefined;
  const feedId = FEED_ID.exec(userAgent)?.[1];
  return { reader, subscribers, ...(feedId ? { feedId } : {}) };
}

function productOf(userAgent: string): string | undefined {
  const product = PRODUCT.exec(userAgent.trim())?.[1];
  return product && product.toLowerCase() !== 'mozilla' ? product : undefined;
}
