import type { Clock, PartnerStore } from '../../core/ports.js';
import { deliverPush } from './deliver-push.js';
import { type Delivery, signedHeaders } from './push-notification.js';

export interface AttemptDeps {
  readonly partners: PartnerStore;
  readonly clock: Clock;
  /** How long an endpoint may take to answer; @default 10 s */
  readonly timeoutMs?: number;
}

export type AttemptOutcome = 'delivered' | 'gone' | { readonly error: string };

/**
 * One attempt of a delivery: reads the partner afresh (a removed partner gets nothing more,
 * `gone`; a changed endpoint is used at once), signs at this instant and POSTs. A success is
 * recorded on the partner (`lastDeliveredAt`), a failure as its `lastError`.
 */
export async function attemptDelivery(
  deps: AttemptDeps,
  delivery: Delivery,
): Promise<AttemptOutcome> {
  const partner = await deps.partners.get(delivery.partner);
  if (!partner) return 'gone';
  const now = deps.clock.now();
  const result = await deliverPush({
    endpoint: partner.endpoint,
    headers: signedHeaders(partner.secret, delivery, now),
    body: delivery.body,
    timeoutMs: deps.timeoutMs,
  });
  const at = deps.clock.now().toISOString();
  if (result.ok) {
    await deps.partners.recordDelivery(partner.name, { kind: 'delivered', at });
    return 'delivered';
  }
  await deps.partners.recordDelivery(partner.name, { kind: 'failed', at, error: result.error });
  return { error: result.error };
}
