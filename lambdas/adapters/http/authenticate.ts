import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { tokensEqual } from '../../core/credentials/credential.js';
import { ADMIN, type Principal } from '../../core/credentials/scope.js';
import type { Authentication } from '../../core/use-cases/authenticate-token.js';
import { HttpError } from './http-error.js';
import { header } from './request.js';

export type { Principal };

/** Resolves a bearer token (the `authenticateToken` use case, bound to its stores). */
export type Authenticator = (token: string) => Promise<Authentication>;

/** An authenticator that knows only the admin token (no credential store): for tests and tools. */
export function createTokenAuthenticator(adminToken: string): Authenticator {
  return async (token) =>
    tokensEqual(token, adminToken)
      ? { ok: true, principal: ADMIN }
      : { ok: false, reason: 'the bearer token is not a valid credential' };
}

const BEARER = /^Bearer +([\x21-\x7e]{1,1024}) *$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined when missing or malformed. */
export function bearerToken(value: string | undefined): string | undefined {
  return BEARER.exec(value ?? '')?.[1];
}

/** The principal the API Gateway Lambda authorizer approved, carried in the request context. */
export function principalFromAuthorizer(event: APIGatewayProxyEventV2): Principal | undefined {
  const context = (event.requestContext as { authorizer?: { lambda?: { principal?: unknown } } })
    .authorizer?.lambda;
  if (typeof context?.principal !== 'string') return undefined;
  const value = JSON.parse(context.principal) as Partial<Principal>;
  const isList = (list: unknown) =>
    Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (
    typeof value.name !== 'string' ||
    typeof value.admin !== 'boolean' ||
    !isList(value.channels) ||
    !isList(value.regions) ||
    (value.abilities !== undefined && !isList(value.abilities))
  ) {
    throw new Error('the authorizer context carries no valid principal');
  }
  return value as Principal;
}

/**
 * Who is calling. On AWS the Lambda authorizer has already decided and the request context says
 * who; locally (no authorizer in front) the same use case runs here. 401 with a Bearer challenge
 * when the header is missing, malformed, or the token is unknown, revoked or expired.
 */
export async function authenticate(
  event: APIGatewayProxyEventV2,
  authenticator: Authenticator | undefined,
): Promise<Principal> {
  const approved = principalFromAuthorizer(event);
  if (approved) return approved;
  const token = bearerToken(header(event, 'authorization'));
  if (!token) {
    throw new HttpError(
      401,
      'unauthorized',
      'an Authorization: Bearer <token> header is required',
      {
        headers: { 'www-authenticate': 'Bearer realm="dateline"' },
      },
    );
  }
  const result = authenticator ? await authenticator(token) : undefined;
  if (!result?.ok) {
    throw new HttpError(
      401,
      'unauthorized',
      result?.reason ?? 'no authorizer approved this request',
      {
        headers: { 'www-authenticate': 'Bearer realm="dateline", error="invalid_token"' },
      },
    );
  }
  return result.principal;
}
