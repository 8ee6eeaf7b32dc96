import { createHash, timingSafeEqual } from 'node:crypto';
import type { Ability, Principal, Scope } from './scope.js';

/**
 * Credential names use the story-id character set (letters, digits, `.` `_` `:` `-`), at most
 * 64 characters, never `.` or `..` alone (they cannot appear in a URL path).
 */
export const CREDENTIAL_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._:-]{1,64}$/;

/** A named, scoped credential as the API shows it: never its secret. */
export interface Credential extends Scope {
  readonly name: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  /** Absent for a plain sender: it may touch only the stories it created. */
  readonly abilities?: readonly Ability[];
}

/** As stored: only a digest of the secret, which is 256 random bits, so SHA-256 suffices. */
export interface StoredCredential extends Credential {
  readonly secretHash: string;
}

/** The secret part of a token: 32 random bytes in base64url (43 characters, no `.`). */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A token is `<name>.<secret>`: the name says which item to read, the secret proves it. */
export function formatToken(name: string, secret: string): string {
  return `${name}.${secret}`;
}

/** Splits a token at its last `.`; undefined when it cannot be a credential token at all. */
export function parseToken(token: string): { name: string; secret: string } | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const name = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return CREDENTIAL_NAME.test(name) && SECRET.test(secret) ? { name, secret } : undefined;
}

export function isWellFormedSecret(secret: string): boolean {
  return SECRET.test(secret);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Compares a presented secret with a stored digest in constant time. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(secretHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Constant-time equality of two tokens of any length (compared as digests). */
export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  );
}

export function isExpired(credential: Pick<Credential, 'expiresAt'>, now: Date): boolean {
  return credential.expiresAt !== undefined && Date.parse(credential.expiresAt) <= now.getTime();
}

/** The API's view of a stored credential: everything but the digest. */
export function publicCredential(stored: StoredCredential): Credential {
  const { secretHash: _secretHash, ...credential } = stored;
  return credential;
}

export function principalOf(credential: Credential): Principal {
  return {
    name: credential.name,
    admin: false,
    channels: credential.channels,
    regions: credential.regions,
    ...(credential.abilities?.length ? { abilities: credential.abilities } : {}),
  };
}
