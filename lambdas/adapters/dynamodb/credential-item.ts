import type { StoredCredential } from '../../core/credentials/credential.js';
import type { Key } from './story-item.js';

/**
 * Credentials, in a table of their own without a stream (CREDENTIALS_TABLE_NAME; locally
 * `<stories table>-credentials`), so no stream consumer ever sees a secret digest:
 * - a credential:   pk `credential`   sk `credential#<name>`
 * - a request count: pk `rate#<name>`  sk `<epoch second>` (DynamoDbRateLimiter; TTL 2 min)
 * One partition holds them all, so `GET /credentials` is one Query, never a Scan. The
 * authorizer may only GetItem in this partition (an IAM `dynamodb:LeadingKeys` condition).
 */
export const CREDENTIAL_PARTITION = 'credential';
/** Partition-key prefix of the per-credential request counters (`rate#<name>`, sk the second). */
export const RATE_PARTITION_PREFIX = 'rate#';
const SK_PREFIX = 'credential#';
/** Expired credentials linger this long (refused all the while) before TTL removes them. */
const EXPIRED_KEEP_SECONDS = 30 * 86_400;

export interface CredentialItem extends Key, StoredCredential {
  readonly kind: 'credential';
  readonly ttl?: number;
}

export function credentialKey(name: string): Key {
  return { pk: CREDENTIAL_PARTITION, sk: `${SK_PREFIX}${name}` };
}

export function toCredentialItem(credential: StoredCredential): CredentialItem {
  const item: CredentialItem = {
    ...credentialKey(credential.name),
    kind: 'credential',
    ...credential,
  };
  if (!credential.expiresAt) return item;
  return {
    ...item,
    ttl: Math.floor(Date.parse(credential.expiresAt) / 1000) + EXPIRED_KEEP_SECONDS,
  };
}

export function fromCredentialItem(item: Record<string, unknown>): StoredCredential {
  const {
    pk: _pk,
    sk: _sk,
    kind: _kind,
    ttl: _ttl,
    ...credential
  } = item as unknown as CredentialItem;
  return credential;
}
