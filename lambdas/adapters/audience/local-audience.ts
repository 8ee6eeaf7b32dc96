import type { Clock } from '../../core/ports.js';
import type { AudienceStore } from '../../core/use-cases/audience/audience-report.js';
import { AudienceTally, type FetchRecord } from '../../core/use-cases/audience/audience-tally.js';
import { clientHash } from '../../core/use-cases/audience/client-hash.js';
import { InMemoryDailyKeys } from './daily-keys.js';

export interface LocalAudienceOptions {
  readonly store: AudienceStore;
  readonly clock: Clock;
  /** How often counts are written; @default 5000 */
  readonly flushMs?: number;
  readonly onError: (error: unknown) => void;
}

export interface LocalAudience {
  /** Notes a request already answered: constant time, nothing else happens on the request's path. */
  record(request: Omit<FetchRecord, 'at'>): void;
  /** Counts what was noted and writes it now (before a report is read). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The local server's audience counting: requests are noted in memory as they are answered and,
 * every few seconds in the background, counted (the same core as the AWS log processor) and
 * written as increments. Addresses and User-Agents wait in memory until then, never on disk.
 */
export function createLocalAudience(options: LocalAudienceOptions): LocalAudience {
  const keys = new InMemoryDailyKeys();
  let pending: FetchRecord[] = [];
  let flushing: Promise<void> = Promise.resolve();

  const count = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const dayKeys = new Map<string, Uint8Array | undefined>();
    for (const record of batch) {
      const day = record.at.toISOString().slice(0, 10);
      if (!dayKeys.has(day)) dayKeys.set(day, await keys.keyFor(day));
    }
    const tally = new AudienceTally((day, address, userAgent) => {
      const key = dayKeys.get(day);
      return key ? clientHash(key, address, userAgent) : undefined;
    });
    for (const record of batch) tally.add(record);
    await options.store.add(tally.drain());
  };
  const flush = () => {
    flushing = flushing.then(count).catch(options.onError);
    return flushing;
  };
  const timer = setInterval(() => void flush(), options.flushMs ?? 5000);
  timer.unref();
  return {
    record: (request) => {
      pending.push({ ...request, at: options.clock.now() });
    },
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
