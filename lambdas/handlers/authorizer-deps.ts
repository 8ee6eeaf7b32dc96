import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbCredentialStore } from '../adapters/dynamodb/dynamodb-credential-store.js';
import type { AuthorizerHandlerDeps } from '../adapters/http/authorizer-handler.js';
import type { AuthorizerConfig } from '../authorizer-config.js';
import { authenticateToken } from '../core/use-cases/authenticate-token.js';

/**
 * The authorizer's parts, built once per execution environment. The admin token is fetched on
 * first use and kept; a failed fetch is retried by the next request rather than remembered.
 */
export function buildAuthorizerDeps(config: AuthorizerConfig): AuthorizerHandlerDeps {
  const credentials = new DynamoDbCredentialStore({
    client: createDocumentClient(createDynamoDbClient({ region: config.awsRegion })),
    tableName: config.tableName,
  });
  const secrets = new SecretsManagerClient({ region: config.awsRegion });
  let admin: Promise<string> | undefined;
  const adminToken = () => {
    admin ??= secrets
      .send(new GetSecretValueCommand({ SecretId: config.tokenSecretArn }))
      .then((secret) => {
        const value = secret.SecretString?.trim();
        if (!value) throw new Error('the API token secret is empty');
        return value;
      })
      .catch((error: unknown) => {
        admin = undefined;
        throw error;
      });
    return admin;
  };
  const clock = { now: () => new Date() };
  return {
    authenticator: (token) => authenticateToken({ credentials, clock, adminToken }, token),
    log: new Logger({ serviceName: 'dateline-authorizer', logLevel: config.logLevel as 'INFO' }),
  };
}
