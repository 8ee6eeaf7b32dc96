import { randomUUID } from 'node:crypto';
import { feedIdOf, type StoredPartner } from '../../core/credentials/partner.js';
import { PUSH_HEADERS, signPush } from '../../core/credentials/push-signature.js';
import { FEED_FORMATS, type FeedFormat, feedKey } from '../../core/formats/feed-paths.js';
import type { ItemChange } from '../../core/formats/item-changes.js';
import type { FeedItemChanges } from '../../core/use-cases/replaced-items.js';

/** The JSON body every partner of a feed receives after a publish that changed it. */
export interface PushNotification {
  readonly type: 'feed.changed';
  /** `region/channel`, as the partner registered it. */
  readonly feed: string;
  /** The JSON Feed's URL; `feedUrls` has every format. */
  readonly feedUrl: string;
  readonly feedUrls: Readonly<Record<FeedFormat, string>>;
  readonly items: readonly ItemChange[];
}

/**
 * One notification to one partner, from its first attempt to its last: the same `id` (the
 * `Dateline-Delivery` header, for receivers to deduplicate) and body on every retry; each
 * attempt is signed afresh with its own timestamp.
 */
export interface Delivery {
  readonly id: string;
  readonly partner: string;
  readonly body: string;
  /** Epoch ms of the first attempt's scheduling: retries stop after the schedule's period. */
  readonly firstAttemptAt: number;
}

export function notificationOf(change: FeedItemChanges, feedBaseUrl: string): PushNotification {
  const { region, channel } = change.feed;
  const urls = Object.fromEntries(
    FEED_FORMATS.map((format) => [format, `${feedBaseUrl}/${feedKey(region, channel, format)}`]),
  ) as Record<FeedFormat, string>;
  return {
    type: 'feed.changed',
    feed: feedIdOf(change.feed),
    feedUrl: urls.json,
    feedUrls: urls,
    items: change.items,
  };
}

/** The partners registered for the feed that changed. */
export function partnersOf(
  partners: readonly StoredPartner[],
  change: FeedItemChanges,
): StoredPartner[] {
  const id = feedIdOf(change.feed);
  return partners.filter((partner) => partner.feeds.includes(id));
}

export function newDelivery(
  partner: string,
  notification: PushNotification,
  now: number,
): Delivery {
  return { id: randomUUID(), partner, body: JSON.stringify(notification), firstAttemptAt: now };
}

/** The headers of one attempt, signed at `now` (see `signPush`). */
export function signedHeaders(
  secret: string,
  delivery: Delivery,
  now: Date,
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Dateline-Push/1',
    [PUSH_HEADERS.delivery]: delivery.id,
    [PUSH_HEADERS.timestamp]: String(timestamp),
    [PUSH_HEADERS.signature]: signPush(secret, timestamp, delivery.body),
  };
}
