import type { FeedRef } from '../story/story.js';
import { CREDENTIAL_NAME } from './credential.js';

/** Partner names use the credential-name characters (letters, digits, `.` `_` `:` `-`), 1–64. */
export const PARTNER_NAME = CREDENTIAL_NAME;

/**
 * A partner that Dateline pushes change notifications to: after a publish that changes one of
 * its feeds, a signed POST to its HTTPS endpoint (see adapters/push). As the API shows it.
 */
export interface Partner {
  readonly name: string;
  readonly endpoint: string;
  /** Feed ids, `region/channel` (a custom feed: `slug/channel`), sorted. */
  readonly feeds: readonly string[];
  readonly createdAt: string;
  /** Deliveries given up on after retrying for the whole retry period. */
  readonly parked?: number;
  readonly lastDeliveredAt?: string;
  readonly lastError?: string;
  readonly lastErrorAt?: string;
}

/**
 * As stored: with the signing secret itself, not a digest, since every delivery is signed with
 * HMAC-SHA256 of it. It lives only in the credentials table, which has no stream.
 */
export interface StoredPartner extends Partner {
  readonly secret: string;
}

/** The API's view: everything but the secret. */
export function publicPartner(stored: StoredPartner): Partner {
  const { secret: _secret, ...partner } = stored;
  return partner;
}

/** A feed's id as partners name it: `okanagan/local`, `interior-sports/local`. */
export function feedIdOf(feed: FeedRef): string {
  return `${feed.region}/${feed.channel}`;
}
