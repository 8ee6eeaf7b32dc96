import type { StoredPartner } from '../../core/credentials/partner.js';
import type { Clock, PartnerStore } from '../../core/ports.js';
import type { FeedRef } from '../../core/story/story.js';
import type { Batch } from '../../core/use-cases/render-batch.js';
import type { Log } from '../http/ingest-handler.js';
import { attemptDelivery } from './attempt-delivery.js';
import type { PartnerNotifier } from './partner-notifier.js';
import { type Delivery, newDelivery, notificationOf, partnersOf } from './push-notification.js';
import { nextStep, RETRY_SCHEDULE, type RetrySchedule } from './retry-schedule.js';

export interface LocalPartnerPushOptions {
  readonly partners: PartnerStore;
  readonly clock: Clock;
  readonly feedBaseUrl: () => string;
  readonly log: Log;
  /** @default RETRY_SCHEDULE (10 s doubling, at most 1 h apart, for 24 h); tests shorten it */
  readonly schedule?: RetrySchedule;
  /** How long an endpoint may take to answer; @default 10 s */
  readonly timeoutMs?: number;
}

export interface LocalPartnerPush {
  readonly notify: PartnerNotifier;
  /**
   * Whether any partner follows `feed` (one read of the partner list, so a partner counts from
   * the first render after it is registered; the renders of one `batch` share one read, made
   * after they all began): a render reads the JSON Feed it replaces, to tell what changed, only
   * for a followed feed.
   */
  follows(feed: FeedRef, batch?: Batch): Promise<boolean>;
  /** Cancels waiting retries; resolves after the attempts in flight. */
  stop(): Promise<void>;
}

/**
 * Local mode's push sender, in process: each change goes at once to every partner of its feed,
 * and a failed delivery is retried on the same schedule as on AWS (timers instead of SQS
 * visibility); once the retry period is over it is parked: an error log line and the
 * partner's `parked` count and `lastError` (`GET /partners/{name}`). Retries waiting when the
 * server stops are lost, as the server keeps nothing else of them.
 */
export function createLocalPartnerPush(options: LocalPartnerPushOptions): LocalPartnerPush {
  const schedule = options.schedule ?? RETRY_SCHEDULE;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const batchLists = new WeakMap<Batch, Promise<StoredPartner[]>>();
  const listFor = (batch?: Batch) => {
    if (!batch) return options.partners.list();
    const list = batchLists.get(batch) ?? options.partners.list();
    batchLists.set(batch, list);
    return list;
  };

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => {
      inFlight.delete(work);
    });
  };

  const attempt = async (delivery: Delivery, failed: number): Promise<void> => {
    const outcome = await attemptDelivery(options, delivery).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
    if (outcome === 'delivered' || outcome === 'gone' || stopped) return;
    const step = nextStep(
      {
        failed: failed + 1,
        firstAttemptAt: delivery.firstAttemptAt,
        now: options.clock.now().getTime(),
      },
      schedule,
    );
    if (step === 'park') return park(delivery, failed + 1, outcome.error);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) track(attempt(delivery, failed + 1));
    }, step.retryInMs);
    timers.add(timer);
  };

  const park = async (delivery: Delivery, attempts: number, error: string) => {
    options.log.error('partner notification parked', {
      partner: delivery.partner,
      delivery: delivery.id,
      attempts,
      reason: error,
    });
    const at = options.clock.now().toISOString();
    await options.partners
      .recordDelivery(delivery.partner, { kind: 'parked', at, error })
      .catch((failure: unknown) =>
        options.log.error('parked delivery not recorded', { partner: delivery.partner, failure }),
      );
  };

  return {
    follows: async (feed, batch) =>
      partnersOf(await listFor(batch), { feed, items: [] }).length > 0,
    notify: async (change) => {
      if (stopped) return;
      const partners = partnersOf(await options.partners.list(), change);
      if (partners.length === 0) return;
      const notification = notificationOf(change, options.feedBaseUrl());
      const now = options.clock.now().getTime();
      for (const partner of partners) {
        track(attempt(newDelivery(partner.name, notification, now), 0));
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...inFlight]);
    },
  };
}
