import { randomBytes } from 'node:crypto';

/**
 * The key that day's client hashes are made with: random, made on the day's first use, and
 * discarded once the day is over (locally) or two days later (on AWS, for late log files).
 * Undefined for a day whose key is gone: its clients are then not counted at all.
 */
export interface DailyKeys {
  keyFor(day: string): Promise<Uint8Array | undefined>;
}

/**
 * Local mode: the key lives in this process's memory only, never on disk, and is dropped when
 * a request of a new day arrives (a restart within the day starts a new key, so a client seen
 * before and after a restart counts twice that day).
 */
export class InMemoryDailyKeys implements DailyKeys {
  private current: { day: string; key: Uint8Array } | undefined;

  async keyFor(day: string): Promise<Uint8Array | undefined> {
    if (this.current && day < this.current.day) return undefined;
    if (this.current?.day !== day) {
      this.current?.key.fill(0);
      this.current = { day, key: randomBytes(32) };
    }
    return this.current.key;
  }
}
