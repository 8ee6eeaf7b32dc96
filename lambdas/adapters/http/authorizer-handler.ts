import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { type Authenticator, bearerToken } from './authenticate.js';

/** What the authorizer hands the ingest Lambda: the principal as JSON (context values are flat). */
export interface AuthorizerContext {
  readonly principal: string;
}

export interface AuthorizerHandlerDeps {
  readonly authenticator: Authenticator;
  readonly log: { warn(message: string, ...extra: Record<string, unknown>[]): void };
}

/**
 * The HTTP API Lambda authorizer (payload 2.0, simple responses): it runs before the ingest
 * Lambda, so requests without a valid credential never reach it. A refusal throws
 * `Unauthorized`, which API Gateway answers with 401 (a `false` answer would be a 403). The
 * token is never logged; a refusal logs its reason, which names no secret.
 */
export function createAuthorizerHandler(deps: AuthorizerHandlerDeps) {
  return async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
    const token = bearerToken(event.identitySource?.[0] ?? event.headers?.authorization);
    const result = token
      ? await deps.authenticator(token)
      : { ok: false as const, reason: 'the Authorization header is not "Bearer <token>"' };
    if (!result.ok) {
      deps.log.warn('request refused', {
        requestId: event.requestContext?.requestId,
        route: event.routeKey,
        reason: result.reason,
      });
      throw new Error('Unauthorized');
    }
    return { isAuthorized: true, context: { principal: JSON.stringify(result.principal) } };
  };
}
