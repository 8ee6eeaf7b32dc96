import type { FeedItemChanges } from '../../core/use-cases/replaced-items.js';

/**
 * Told, after a feed render, which items it changed. It only hands the change on (queues it on
 * AWS, schedules deliveries locally); a rejection means the change was not queued, and the
 * render's caller logs it: the feed itself is already written.
 */
export type PartnerNotifier = (change: FeedItemChanges) => Promise<void>;
