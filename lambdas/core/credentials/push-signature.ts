import { createHmac } from 'node:crypto';

/** The headers of a signed push (see README, "Partners (push)"). */
export const PUSH_HEADERS = {
  timestamp: 'dateline-timestamp',
  signature: 'dateline-signature',
  delivery: 'dateline-delivery',
} as const;

/**
 * The signature of one delivery, as Stripe and Standard Webhooks sign: hex HMAC-SHA256 with the
 * partner's secret of `<timestamp>.<body>`, where the timestamp is Unix seconds (also sent in
 * `Dateline-Timestamp`) and the body the exact bytes sent. Signing the timestamp with the body
 * lets a receiver refuse a replay of an old notification: a changed timestamp breaks the
 * signature. Returns the `Dateline-Signature` value, `v1=<hex>`.
 */
export function signPush(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `v1=${mac}`;
}
