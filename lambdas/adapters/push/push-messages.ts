import type { FeedItemChanges } from '../../core/use-cases/replaced-items.js';
import type { Delivery } from './push-notification.js';

/**
 * The push queue's two kinds of message: a feed's change, as the render function queues it
 * (the sender fans it out to the feed's partners), and one delivery to one partner, which the
 * sender retries by changing its visibility until it is delivered or parked.
 */
export type PushMessage =
  | { readonly kind: 'change'; readonly change: FeedItemChanges }
  | { readonly kind: 'delivery'; readonly delivery: Delivery };

/** The message a body holds; throws on anything else (a poison message fails loudly). */
export function parsePushMessage(body: string): PushMessage {
  const value = JSON.parse(body) as Partial<{ kind: string; change: unknown; delivery: unknown }>;
  if (value.kind === 'change' && isChange(value.change)) return value as PushMessage;
  if (value.kind === 'delivery' && isDelivery(value.delivery)) return value as PushMessage;
  throw new Error(`not a push message: ${body.slice(0, 200)}`);
}

function isChange(value: unknown): value is FeedItemChanges {
  const change = value as Partial<FeedItemChanges> | undefined;
  return (
    typeof change?.feed?.region === 'string' &&
    typeof change.feed.channel === 'string' &&
    Array.isArray(change.items)
  );
}

function isDelivery(value: unknown): value is Delivery {
  const delivery = value as Partial<Delivery> | undefined;
  return (
    typeof delivery?.id === 'string' &&
    typeof delivery.partner === 'string' &&
    typeof delivery.body === 'string' &&
    typeof delivery.firstAttemptAt === 'number'
  );
}
