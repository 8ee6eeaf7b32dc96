import {
  isExpired,
  parseToken,
  principalOf,
  secretMatches,
  tokensEqual,
} from '../credentials/credential.js';
import { ADMIN, type Principal } from '../credentials/scope.js';
import type { Clock, CredentialStore } from '../ports.js';

export interface AuthenticateDeps {
  readonly credentials: CredentialStore;
  readonly clock: Clock;
  /**
   * The admin token, or during a rotation the tokens accepted as admin (the new and the old);
   * read lazily (on AWS from Secrets Manager) and only when needed.
   */
  readonly adminToken: () => Promise<string | readonly string[]>;
}

export type Authentication =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: string };

const UNKNOWN = 'the bearer token is not a valid credential';

/**
 * Resolves a bearer token to the principal it proves: the admin token, or `<name>.<secret>` of
 * a stored credential that has not expired. A refusal's reason never says whether a name exists
 * unless the secret matched (then "expired" helps its owner and tells an attacker nothing).
 */
export async function authenticateToken(
  deps: AuthenticateDeps,
  token: string,
): Promise<Authentication> {
  const parsed = parseToken(token);
  if (!parsed) {
    return (await isAdminToken(deps, token))
      ? { ok: true, principal: ADMIN }
      : { ok: false, reason: UNKNOWN };
  }
  const stored = await deps.credentials.get(parsed.name);
  if (!stored || !secretMatches(parsed.secret, stored.secretHash)) {
    return (await isAdminToken(deps, token))
      ? { ok: true, principal: ADMIN }
      : { ok: false, reason: UNKNOWN };
  }
  if (isExpired(stored, deps.clock.now())) {
    return { ok: false, reason: `credential "${stored.name}" expired at ${stored.expiresAt}` };
  }
  return { ok: true, principal: principalOf(stored) };
}

/** Compares with every accepted admin token (no early exit: the time says nothing of which). */
async function isAdminToken(deps: AuthenticateDeps, token: string): Promise<boolean> {
  const accepted = [await deps.adminToken()].flat();
  return accepted.map((admin) => tokensEqual(token, admin)).includes(true);
}
