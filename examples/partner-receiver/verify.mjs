// Verifies a Dateline push notification. Node's own crypto only: copy this file as it is.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Notifications signed longer ago than this are refused as replays (and clocks that far off). */
export const TOLERANCE_SECONDS = 300;

/**
 * Checks the headers of one notification against the exact bytes of its body:
 * `Dateline-Signature: v1=<hex HMAC-SHA256(secret, "<Dateline-Timestamp>.<body>")>`, compared in
 * constant time, and a `Dateline-Timestamp` (Unix seconds) within TOLERANCE_SECONDS of `now`.
 * Returns `{ ok: true }` or `{ ok: false, reason }`. Header names are lower case, as Node gives them.
 *
 * @param {{ secret: string, headers: Record<string, string | string[] | undefined>,
 *   body: string | Buffer, now?: Date, toleranceSeconds?: number }} input
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
export function verifyNotification(input) {
  const timestamp = single(input.headers['dateline-timestamp']);
  const signature = single(input.headers['dateline-signature']);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'no valid Dateline-Timestamp' };
  }
  if (!signature) return { ok: false, reason: 'no Dateline-Signature' };
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? TOLERANCE_SECONDS;
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    return {
      ok: false,
      reason: `timestamp more than ${tolerance} s away: a replay or a wrong clock`,
    };
  }
  const body = Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body, 'utf8');
  const expected = createHmac('sha256', input.secret).update(`${timestamp}.`).update(body).digest();
  // One header may carry several signatures (`v1=…,v1=…`, during a secret change): any may match.
  const matches = signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1=') && /^[0-9a-f]{64}$/.test(part.slice(3)))
    .some((part) => timingSafeEqual(Buffer.from(part.slice(3), 'hex'), expected));
  return matches ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

function single(value) {
  return Array.isArray(value) ? value[0] : value;
}
