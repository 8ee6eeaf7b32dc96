import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** How long a warm Lambda keeps a secret before reading it again. */
export const SECRET_MAX_AGE_SECONDS = 60;

export interface SecretReaderOptions {
  /** The secret's ARN or name. */
  readonly secretId: string;
  /** The Secrets Manager client (one per execution environment). */
  readonly client: SecretsManagerClient;
  /** @default SECRET_MAX_AGE_SECONDS */
  readonly maxAgeSeconds?: number;
}

/**
 * Reads a string secret through Powertools Parameters, cached for `maxAgeSeconds`: a value
 * rotated in Secrets Manager is in use within that time, without a deploy or a cold start, and a
 * busy function still calls Secrets Manager at most once a minute. Nothing is read until the
 * first call, so a cold start does not wait for Secrets Manager.
 */
export function createSecretReader(options: SecretReaderOptions): () => Promise<string> {
  const provider = new SecretsProvider({ awsSdkV3Client: options.client });
  const maxAge = options.maxAgeSeconds ?? SECRET_MAX_AGE_SECONDS;
  return async () => {
    const value = await provider.get(options.secretId, { maxAge });
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`the secret ${options.secretId} holds no text`);
    }
    return value.trim();
  };
}

/**
 * The admin token's accepted values during a rotation: AWSCURRENT, and AWSPREVIOUS while there is
 * one, so senders still holding the old token keep working until the operator retires it
 * (docs/deploy.md, "Rotating the admin token"). Each stage is cached for `maxAgeSeconds` by its
 * own provider (Powertools keys its cache by name only); a missing AWSPREVIOUS is remembered as
 * long, so it costs Secrets Manager no more calls than the current value.
 */
export function createRotatingSecretReader(options: SecretReaderOptions): () => Promise<string[]> {
  const current = createSecretReader(options);
  const previous = new SecretsProvider({ awsSdkV3Client: options.client });
  const maxAge = options.maxAgeSeconds ?? SECRET_MAX_AGE_SECONDS;
  let noPreviousUntil = 0;
  const readPrevious = async (): Promise<string[]> => {
    if (Date.now() < noPreviousUntil) return [];
    try {
      const value = await previous.get(options.secretId, {
        maxAge,
        sdkOptions: { VersionStage: 'AWSPREVIOUS' },
      });
      return typeof value === 'string' && value.trim() ? [value.trim()] : [];
    } catch (error) {
      if (!isNotFound(error)) throw error;
      noPreviousUntil = Date.now() + maxAge * 1000;
      return [];
    }
  };
  return async () => [await current(), ...(await readPrevious())];
}

/** A secret (or a stage of it) that does not exist: Powertools wraps the SDK's error. */
function isNotFound(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'ResourceNotFoundException') return true;
  }
  return false;
}
