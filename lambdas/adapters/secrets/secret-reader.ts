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
