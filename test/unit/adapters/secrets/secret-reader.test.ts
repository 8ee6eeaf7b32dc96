import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createRotatingSecretReader,
  createSecretReader,
} from '../../../../lambdas/adapters/secrets/secret-reader.js';

// Secrets Manager has no local emulator: a mocked client stands in for a rotation.
const secrets = mockClient(SecretsManagerClient);
// Unit files share a worker (no isolation): give the client back its real send.
afterAll(() => secrets.restore());

beforeEach(() => {
  secrets.reset();
  vi.useFakeTimers({ now: new Date('2026-11-29T12:00:00Z'), toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createSecretReader', () => {
  it('uses a rotated value once the cache age has passed, without a cold start', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'old-token' });
    const read = createSecretReader({
      secretId: 'arn:aws:secretsmanager:ca-central-1:123456789012:secret:token',
      client: new SecretsManagerClient({ region: 'ca-central-1' }),
      maxAgeSeconds: 60,
    });
    expect(await read()).toBe('old-token');
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'new-token\n' });
    vi.setSystemTime(new Date('2026-11-29T12:00:30Z'));
    expect(await read()).toBe('old-token');
    vi.setSystemTime(new Date('2026-11-29T12:01:01Z'));
    expect(await read()).toBe('new-token');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses an empty secret, naming it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '  ' });
    const read = createSecretReader({
      secretId: 'token',
      client: new SecretsManagerClient({ region: 'ca-central-1' }),
    });
    await expect(read()).rejects.toThrow('the secret token holds no text');
  });
});

describe('createRotatingSecretReader', () => {
  const secretId = 'arn:aws:secretsmanager:ca-central-1:123456789012:secret:token';
  /** Secrets Manager's answer by version stage; a stage it does not hold is not found. */
  function holds(stages: Record<string, string>) {
    secrets.reset();
    secrets.on(GetSecretValueCommand).callsFake((input: { VersionStage?: string }) => {
      const value = stages[input.VersionStage ?? 'AWSCURRENT'];
      if (value === undefined) {
        throw new ResourceNotFoundException({ message: 'no such stage', $metadata: {} });
      }
      return { SecretString: value };
    });
  }

  it('accepts the current and the previous token during a rotation, then the current alone', async () => {
    holds({ AWSCURRENT: 'old' });
    const read = createRotatingSecretReader({
      secretId,
      client: new SecretsManagerClient({ region: 'ca-central-1' }),
      maxAgeSeconds: 60,
    });
    expect(await read()).toEqual(['old']);
    // put-secret-value: AWSCURRENT moves to the new value, the old one becomes AWSPREVIOUS.
    holds({ AWSCURRENT: 'new', AWSPREVIOUS: 'old' });
    vi.setSystemTime(new Date('2026-11-29T12:01:01Z'));
    expect(await read()).toEqual(['new', 'old']);
    // The operator retires the old version: AWSPREVIOUS is gone.
    holds({ AWSCURRENT: 'new' });
    vi.setSystemTime(new Date('2026-11-29T12:02:02Z'));
    expect(await read()).toEqual(['new']);
  });

  it('lets another failure of the previous stage through (a throttled call is no "none")', async () => {
    secrets.reset();
    secrets.on(GetSecretValueCommand).callsFake((input: { VersionStage?: string }) => {
      if (input.VersionStage === 'AWSPREVIOUS') throw new Error('throttled');
      return { SecretString: 'cur' };
    });
    const read = createRotatingSecretReader({
      secretId,
      client: new SecretsManagerClient({ region: 'ca-central-1' }),
    });
    await expect(read()).rejects.toThrow();
  });
});
