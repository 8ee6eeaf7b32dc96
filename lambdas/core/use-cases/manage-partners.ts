import type { Partner } from '../credentials/partner.js';
import { publicPartner } from '../credentials/partner.js';
import type { PartnerInput } from '../credentials/partner-input.js';
import { assertAdmin, type Principal } from '../credentials/scope.js';
import { NotFoundError } from '../errors.js';
import type { Clock, PartnerStore } from '../ports.js';

export interface PartnerDeps {
  readonly partners: PartnerStore;
  readonly clock: Clock;
  /** 32 random bytes as base64url: the new partner's signing secret. */
  readonly newSecret: () => string;
}

/**
 * Registers a push partner (admin only) and returns its signing secret, shown only in this
 * answer. The store keeps the secret itself (every delivery is signed with it), in the
 * credentials table, which no stream reads.
 */
export async function createPartner(
  deps: PartnerDeps,
  actor: Principal,
  input: PartnerInput,
): Promise<{ partner: Partner; secret: string }> {
  assertAdmin(actor, 'register partners');
  const secret = deps.newSecret();
  const stored = {
    name: input.name,
    endpoint: input.endpoint,
    feeds: [...input.feeds],
    createdAt: deps.clock.now().toISOString(),
    secret,
  };
  await deps.partners.create(stored);
  return { partner: publicPartner(stored), secret };
}

/** Every partner, without secrets (admin only). */
export async function listPartners(
  deps: Pick<PartnerDeps, 'partners'>,
  actor: Principal,
): Promise<Partner[]> {
  assertAdmin(actor, 'list partners');
  return (await deps.partners.list()).map(publicPartner);
}

/** One partner with its delivery record (parked count, last error), without its secret. */
export async function getPartner(
  deps: Pick<PartnerDeps, 'partners'>,
  actor: Principal,
  name: string,
): Promise<Partner> {
  assertAdmin(actor, 'read partners');
  const stored = await deps.partners.get(name);
  if (!stored) throw new NotFoundError(`partner "${name}" does not exist`);
  return publicPartner(stored);
}

/** Removes a partner (admin only): nothing more is sent to it, retries in flight included. */
export async function deletePartner(
  deps: Pick<PartnerDeps, 'partners'>,
  actor: Principal,
  name: string,
): Promise<void> {
  assertAdmin(actor, 'remove partners');
  if (!(await deps.partners.delete(name))) {
    throw new NotFoundError(`partner "${name}" does not exist`);
  }
}
