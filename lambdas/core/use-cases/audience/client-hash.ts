import { createHmac } from 'node:crypto';

/**
 * A client's id for one day: HMAC-SHA-256 of its address and User-Agent under that day's key,
 * cut to 96 bits (hex). Without the key, which is random, made that day and discarded after it,
 * the id cannot be linked back to the address or to the same client on another day.
 */
export function clientHash(dayKey: Uint8Array, address: string, userAgent: string): string {
  return createHmac('sha256', dayKey).update(`${address}\n${userAgent}`).digest('hex').slice(0, 24);
}

/** The UTC day (`2026-12-06`) an instant falls on: counts are kept per UTC day. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
