import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import { DynamoDbCredentialStore } from '../adapters/dynamodb/dynamodb-credential-store.js';
import type { AuthorizerHandlerDeps } from '../adapters/http/authorizer-handler.js';
import { createRotatingSecretReader } from '../adapters/secrets/secret-reader.js';
import type { AuthorizerConfig } from '../authorizer-config.js';
import { authenticateToken } from '../core/use-cases/authenticate-token.js';

/**
 * The authorizer's parts, built once per execution environment. The admin token is fetched on
 * first use and again once a minute (createRotatingSecretReader), so a token rotated in Secrets
 * Manager works within a minute, with no deploy, and the old one (AWSPREVIOUS) keeps working
 * until the operator retires it; a failed fetch is retried by the next request.
 */
export function buildAuthorizerDeps(config: AuthorizerConfig): AuthorizerHandlerDeps {
  const credentials = new DynamoDbCredentialStore({
    client: createDocumentClient(createDynamoDbClient({ region: config.awsRegion })),
    tableName: config.tableName,
  });
  const adminToken = createRotatingSecretReader({
    secretId: config.tokenSecretArn,
    client: new SecretsManagerClient({ region: config.awsRegion }),
  });
  const clock = { now: () => new Date() };
  return {
    authenticator: (token) => authenticateToken({ credentials, clock, adminToken }, token),
    log: new Logger({ serviceName: 'dateline-authorizer', logLevel: config.logLevel as 'INFO' }),
  };
}
