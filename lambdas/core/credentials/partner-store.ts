import type { StoredPartner } from './partner.js';

/**
 * Where push partners live (the credentials table, which has no stream: a partner's signing
 * secret must be stored as it is). `create` never replaces: an existing name is
 * AlreadyExistsError. `delete` answers whether there was one.
 */
export interface PartnerStore {
  get(name: string): Promise<StoredPartner | undefined>;
  create(partner: StoredPartner): Promise<void>;
  /** Every stored partner, by name. */
  list(): Promise<StoredPartner[]>;
  delete(name: string): Promise<boolean>;
  /** Records a delivery's end: delivered (at `at`), or parked after retrying with `error`. */
  recordDelivery(name: string, outcome: DeliveryRecord): Promise<void>;
}

export type DeliveryRecord =
  | { readonly kind: 'delivered'; readonly at: string }
  | { readonly kind: 'failed' | 'parked'; readonly at: string; readonly error: string };
