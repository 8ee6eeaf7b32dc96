import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CREDENTIAL_NAME } from '../../core/credentials/credential.js';
import { parseCredentialInput } from '../../core/credentials/credential-input.js';
import type { Clock, CredentialStore } from '../../core/ports.js';
import type { SiteConfig } from '../../core/site-config.js';
import {
  createCredential,
  listCredentials,
  revokeCredential,
} from '../../core/use-cases/manage-credentials.js';
import { type Authenticator, authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { bodyKind, parseJsonBody } from './request.js';
import { jsonResponse } from './responses.js';
import type { RouteHandler } from './story-routes.js';

export interface CredentialRouteDeps {
  /** Where credentials live; without it (some tests) the /credentials routes answer 404. */
  readonly credentials?: CredentialStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  readonly authenticator?: Authenticator;
}

const newSecret = () => randomBytes(32).toString('base64url');

function storeOf(deps: CredentialRouteDeps): CredentialStore {
  if (!deps.credentials) {
    throw new HttpError(404, 'not_found', 'credentials are not managed by this server');
  }
  return deps.credentials;
}

/** `POST /credentials` (admin): 201 with the credential and its token, shown only this once. */
export function createCredentialRoute(deps: CredentialRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    if (bodyKind(event) !== 'json') {
      throw new HttpError(415, 'unsupported_media_type', 'a credential is application/json');
    }
    const input = parseCredentialInput(
      parseJsonBody(event),
      deps.site.regions.map((r) => r.slug),
      deps.clock.now(),
    );
    const created = await createCredential(
      { credentials: storeOf(deps), clock: deps.clock, newSecret },
      actor,
      input,
    );
    return jsonResponse(201, created, {
      location: `/credentials/${encodeURIComponent(input.name)}`,
    });
  };
}

/** `GET /credentials` (admin): every credential, never a secret or its digest. */
export function listCredentialsRoute(deps: CredentialRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const credentials = await listCredentials({ credentials: storeOf(deps) }, actor);
    return jsonResponse(200, { credentials });
  };
}

/** `DELETE /credentials/{name}` (admin): 200 once the credential is gone, 404 if it never was. */
export function revokeCredentialRoute(deps: CredentialRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const name = nameOf(event);
    await revokeCredential({ credentials: storeOf(deps) }, actor, name);
    return jsonResponse(200, { outcome: 'revoked', name });
  };
}

function nameOf(event: APIGatewayProxyEventV2): string {
  const name = event.pathParameters?.name ?? '';
  if (!CREDENTIAL_NAME.test(name)) {
    throw new HttpError(404, 'not_found', 'no credential has that name', {
      details: [{ path: 'name', message: 'names are 1-64 of letters, digits, ".", "_", ":", "-"' }],
    });
  }
  return name;
}
