import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Channel } from '../../core/story.js';
import { HttpError } from './http-error.js';
import { header } from './request.js';

/** Who is calling, and what they may touch (`*` = everything). */
export interface Principal {
  readonly name: string;
  readonly channels: '*' | readonly Channel[];
  readonly regions: '*' | readonly string[];
}

/** Resolves a bearer token to a principal, or undefined when it is not a valid credential. */
export type Authenticator = (token: string) => Promise<Principal | undefined>;

/** A single shared token (DATELINE_TOKEN locally, a Secrets Manager secret on AWS) with full scope. */
export function createTokenAuthenticator(token: string): Authenticator {
  const expected = digest(token);
  return async (candidate) =>
    timingSafeEqual(digest(candidate), expected)
      ? { name: 'newsroom', channels: '*', regions: '*' }
      : undefined;
}

/** 401 without a valid `Authorization: Bearer` credential. */
export async function authenticate(
  event: APIGatewayProxyEventV2,
  authenticator: Authenticator,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  const challenge = { 'www-authenticate': 'Bearer realm="dateline"' };
  if (!match?.[1]) {
    throw new HttpError(
      401,
      'unauthorized',
      'an Authorization: Bearer <token> header is required',
      {
        headers: challenge,
      },
    );
  }
  const principal = await authenticator(match[1]);
  if (!principal) {
    throw new HttpError(401, 'unauthorized', 'the bearer token is not valid', {
      headers: challenge,
    });
  }
  return principal;
}

/** 403 when a valid credential reaches outside its channels or regions. */
export function authorize(
  principal: Principal,
  target: { channel: Channel; regions: readonly string[] },
): void {
  const channelOk = principal.channels === '*' || principal.channels.includes(target.channel);
  const allowed = principal.regions;
  const regionsOk =
    allowed === '*' || target.regions.every((r) => r !== '*' && allowed.includes(r));
  if (!channelOk || !regionsOk) {
    throw new HttpError(
      403,
      'forbidden',
      `credential "${principal.name}" may not write ${target.channel} stories to ${target.regions.join(', ')}`,
    );
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
