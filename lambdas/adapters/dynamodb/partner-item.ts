import type { StoredPartner } from '../../core/credentials/partner.js';
import type { Key } from './story-item.js';

/**
 * Push partners, in the credentials table (no stream, so no stream consumer ever sees a signing
 * secret): pk `partner`, sk `partner#<name>`. One partition holds them all, so listing them is
 * one Query. The push sender may only read there and record deliveries (an IAM
 * `dynamodb:LeadingKeys` condition); the ingest function manages them.
 */
export const PARTNER_PARTITION = 'partner';
const SK_PREFIX = 'partner#';

export interface PartnerItem extends Key, StoredPartner {
  readonly kind: 'partner';
}

export function partnerKey(name: string): Key {
  return { pk: PARTNER_PARTITION, sk: `${SK_PREFIX}${name}` };
}

export function toPartnerItem(partner: StoredPartner): PartnerItem {
  return { ...partnerKey(partner.name), kind: 'partner', ...partner };
}

export function fromPartnerItem(item: Record<string, unknown>): StoredPartner {
  const { pk: _pk, sk: _sk, kind: _kind, ...partner } = item as unknown as PartnerItem;
  return partner;
}
