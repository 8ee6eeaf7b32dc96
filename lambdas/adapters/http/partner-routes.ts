import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { feedIdOf, PARTNER_NAME } from '../../core/credentials/partner.js';
import { parsePartnerInput } from '../../core/credentials/partner-input.js';
import type { Clock, PartnerStore } from '../../core/ports.js';
import type { SiteConfig } from '../../core/site-config.js';
import { allFeeds } from '../../core/story/feed-selection.js';
import {
  createPartner,
  deletePartner,
  getPartner,
  listPartners,
} from '../../core/use-cases/manage-partners.js';
import { type Authenticator, authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { bodyKind, parseJsonBody } from './request.js';
import { jsonResponse } from './responses.js';
import type { RouteHandler } from './story-routes.js';

export interface PartnerRouteDeps {
  /** Where partners live; without it the /partners routes answer 404. */
  readonly partners?: PartnerStore;
  readonly clock: Clock;
  readonly site: SiteConfig;
  readonly authenticator?: Authenticator;
  /** `local` allows http:// endpoints on the loopback interface (a test's receiver). */
  readonly appEnv: string;
}

/** 32 random bytes (256 bits) as base64url: the HMAC key both sides hold. */
const newSecret = () => randomBytes(32).toString('base64url');

function storeOf(deps: PartnerRouteDeps): PartnerStore {
  if (!deps.partners) throw new HttpError(404, 'not_found', 'partners are not managed here');
  return deps.partners;
}

/** `POST /partners` (admin): 201 with the partner and its signing secret, shown only this once. */
export function createPartnerRoute(deps: PartnerRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    if (bodyKind(event) !== 'json') {
      throw new HttpError(415, 'unsupported_media_type', 'a partner is application/json');
    }
    const input = parsePartnerInput(parseJsonBody(event), {
      feedIds: allFeeds(deps.site).map(feedIdOf),
      allowLoopbackHttp: deps.appEnv === 'local',
    });
    const created = await createPartner(
      { partners: storeOf(deps), clock: deps.clock, newSecret },
      actor,
      input,
    );
    return jsonResponse(201, created, { location: `/partners/${encodeURIComponent(input.name)}` });
  };
}

/** `GET /partners` (admin): every partner, never a secret. */
export function listPartnersRoute(deps: PartnerRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    return jsonResponse(200, { partners: await listPartners({ partners: storeOf(deps) }, actor) });
  };
}

/** `GET /partners/{name}` (admin): one partner and its deliveries (parked count, last error). */
export function getPartnerRoute(deps: PartnerRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const partner = await getPartner({ partners: storeOf(deps) }, actor, nameOf(event));
    return jsonResponse(200, { partner });
  };
}

/** `DELETE /partners/{name}` (admin): 200 once removed (retries in flight stop), 404 if unknown. */
export function deletePartnerRoute(deps: PartnerRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const name = nameOf(event);
    await deletePartner({ partners: storeOf(deps) }, actor, name);
    return jsonResponse(200, { outcome: 'removed', name });
  };
}

function nameOf(event: APIGatewayProxyEventV2): string {
  const name = event.pathParameters?.name ?? '';
  if (!PARTNER_NAME.test(name)) {
    throw new HttpError(404, 'not_found', 'no partner has that name', {
      details: [{ path: 'name', message: 'names are 1-64 of letters, digits, ".", "_", ":", "-"' }],
    });
  }
  return name;
}
