import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CredentialsTable } from './credentials-table.js';
import { DatelineFunction } from './dateline-function.js';

/** How long API Gateway reuses an answer for one Authorization header: the revoke delay on AWS. */
export const AUTHORIZER_CACHE_SECONDS = 30;

export interface IngestAuthorizerProps {
  /** The table holding the credentials; the authorizer may only GetItem there. */
  readonly credentials: CredentialsTable;
  /** The admin token. */
  readonly adminToken: ISecret;
  /** Variables shared by every function (stage, log level). @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default Duration.seconds(AUTHORIZER_CACHE_SECONDS) */
  readonly cacheTtl?: Duration;
}

/**
 * Authentication in front of the ingest Lambda: an HTTP API Lambda authorizer (payload 2.0,
 * simple responses) whose small function reads one credential item (or, for the admin, the
 * secret) per uncached Authorization header. Unauthenticated floods are answered 401 by API
 * Gateway and the authorizer; they never invoke the ingest Lambda. Answers are cached per
 * header for `cacheTtl`, so a revoked or expired credential may keep working that long.
 */
export class IngestAuthorizer extends Construct {
  readonly function: DatelineFunction;
  readonly authorizer: HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: IngestAuthorizerProps) {
    super(scope, id);
    this.function = new DatelineFunction(this, 'Function', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/authorize.ts', import.meta.url)),
      description: 'Dateline: authenticate ingest API requests',
      memorySize: 256,
      timeout: Duration.seconds(5),
      logRemovalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      environment: {
        ...props.environment,
        CREDENTIALS_TABLE_NAME: props.credentials.tableName,
        API_TOKEN_SECRET_ARN: props.adminToken.secretArn,
      },
    });
    // Read-only, and only the credential items: one GetItem per uncached header.
    props.credentials.grantAuthenticate(this.function);
    // Only the call its code makes (not DescribeSecret, which grantRead adds).
    Grant.addToPrincipal({
      grantee: this.function,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [props.adminToken.secretArn],
    });
    this.authorizer = new HttpLambdaAuthorizer('Credentials', this.function, {
      authorizerName: 'dateline-credentials',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: props.cacheTtl ?? Duration.seconds(AUTHORIZER_CACHE_SECONDS),
    });
  }
}
