import {
  type Credential,
  formatToken,
  hashSecret,
  publicCredential,
} from '../credentials/credential.js';
import type { CredentialInput } from '../credentials/credential-input.js';
import { assertAdmin, type Principal } from '../credentials/scope.js';
import { NotFoundError } from '../errors.js';
import type { Clock, CredentialStore } from '../ports.js';

export interface CredentialDeps {
  readonly credentials: CredentialStore;
  readonly clock: Clock;
  /** 32 random bytes as base64url: the new credential's secret. */
  readonly newSecret: () => string;
}

/**
 * Creates a named credential (admin only) and returns its token, which exists only in this
 * answer: the store keeps a digest of the secret.
 */
export async function createCredential(
  deps: CredentialDeps,
  actor: Principal,
  input: CredentialInput,
): Promise<{ credential: Credential; token: string }> {
  assertAdmin(actor, 'create credentials');
  const secret = deps.newSecret();
  const stored = {
    name: input.name,
    channels: [...input.channels],
    regions: [...input.regions],
    createdAt: deps.clock.now().toISOString(),
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    ...(input.abilities?.length ? { abilities: [...input.abilities] } : {}),
    secretHash: hashSecret(secret),
  };
  await deps.credentials.create(stored);
  return { credential: publicCredential(stored), token: formatToken(input.name, secret) };
}

/** Every credential, without secrets (admin only). */
export async function listCredentials(
  deps: Pick<CredentialDeps, 'credentials'>,
  actor: Principal,
): Promise<Credential[]> {
  assertAdmin(actor, 'list credentials');
  return (await deps.credentials.list()).map(publicCredential);
}

/** Revokes a credential (admin only): its token stops working at once where nothing caches it. */
export async function revokeCredential(
  deps: Pick<CredentialDeps, 'credentials'>,
  actor: Principal,
  name: string,
): Promise<void> {
  assertAdmin(actor, 'revoke credentials');
  if (!(await deps.credentials.delete(name))) {
    throw new NotFoundError(`credential "${name}" does not exist`);
  }
}
