import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RateDecision } from '../dynamodb/dynamodb-rate-limiter.js';
import type { MetricSink } from '../observability/metric-sink.js';
import { noMetrics } from '../observability/metric-sink.js';
import { principalFromAuthorizer } from './authenticate.js';
import type { CredentialRouteDeps } from './credential-routes.js';
import { errorResponse } from './error-response.js';
import { HttpError } from './http-error.js';
import { recordIngestOutcome } from './ingest-outcomes.js';
import type { PartnerRouteDeps } from './partner-routes.js';
import type { RebuildRouteDeps } from './rebuild-route.js';
import type { HttpResult } from './responses.js';
import type { RouteName } from './routes.js';
import { ROUTES } from './routes.js';
import type { StatsRouteDeps } from './stats-routes.js';
import type { RouteHandler, StoryRouteDeps } from './story-routes.js';

/** The slice of a structured logger the edge needs (Powertools Logger fits). */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface IngestHandlerDeps
  extends StoryRouteDeps,
    CredentialRouteDeps,
    RebuildRouteDeps,
    PartnerRouteDeps,
    StatsRouteDeps {
  readonly appEnv: string;
  readonly log: Log;
  /** Stories ingested and refused, and 5xx answers; @default none recorded */
  readonly metrics?: MetricSink;
  /**
   * On AWS, the per-credential limit shared by every instance (DynamoDbRateLimiter): a refusal
   * answers 429 with its `Retry-After`. Local mode limits in its authenticator instead;
   * @default no limit here
   */
  readonly rateLimit?: (name: string) => Promise<RateDecision>;
}

/**
 * The ingest Lambda: dispatches an API Gateway HTTP API (payload v2) event by its route key,
 * maps every error to the one JSON error shape, and logs once, here. A 5xx is answered (the
 * client gets the JSON error) and counted as `IngestServerErrors`, which an alarm watches,
 * since Lambda's own `Errors` metric never sees an error the handler turned into a response.
 */
/** 429 for a scoped credential the authorizer approved that is over its limit (never the admin). */
async function limitRate(deps: IngestHandlerDeps, event: APIGatewayProxyEventV2): Promise<void> {
  const principal = deps.rateLimit && principalFromAuthorizer(event);
  if (!principal || principal.admin) return;
  const decision = await deps.rateLimit?.(principal.name);
  if (!decision || decision.allowed) return;
  const seconds = decision.retryAfterSeconds;
  throw new HttpError(
    429,
    'too_many_requests',
    `credential "${principal.name}" sent more than its requests per second; retry after ${seconds} s (requests sent before then are refused and counted)`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

export function createIngestHandler(deps: IngestHandlerDeps) {
  const routes = lazyRoutes(deps);
  const byKey = new Map(ROUTES.map((r) => [`${r.method} ${r.path}`, r.name]));
  const metrics = deps.metrics ?? noMetrics;
  return async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    const route = event.routeKey;
    try {
      const name = byKey.get(route);
      if (!name) throw new HttpError(404, 'not_found', `no route for ${route}`);
      await limitRate(deps, event);
      const result = await (await routes(name))(event);
      const story = recordIngestOutcome(metrics, route, result);
      deps.log.info('request handled', { requestId, route, status: result.statusCode, ...story });
      return result;
    } catch (error) {
      const result = errorResponse(error, { requestId, appEnv: deps.appEnv });
      recordIngestOutcome(metrics, route, result);
      if (result.statusCode < 500) {
        deps.log.warn('request refused', {
          requestId,
          route,
          status: result.statusCode,
          reason: (error as Error).message,
        });
      } else {
        deps.log.error('request failed', { requestId, route, error });
      }
      return result;
    }
  };
}

/**
 * Each route's code (the story schema with its HTML sanitiser, ninjs, credentials) is loaded on
 * the first request that needs it, not at cold start: the bundle's init stays close to the SDK
 * clients' own, and a function that only ever answers stories never loads the credentials code.
 */
function lazyRoutes(deps: IngestHandlerDeps): (name: RouteName) => Promise<RouteHandler> {
  const load: Record<RouteName, () => Promise<RouteHandler>> = {
    createStory: async () => (await import('./story-routes.js')).createStoryRoute(deps),
    createStoryBatch: async () => (await import('./batch-route.js')).createBatchRoute(deps),
    getStory: async () => (await import('./story-routes.js')).getStoryRoute(deps),
    killStory: async () => (await import('./story-routes.js')).killStoryRoute(deps),
    createCredential: async () =>
      (await import('./credential-routes.js')).createCredentialRoute(deps),
    listCredentials: async () =>
      (await import('./credential-routes.js')).listCredentialsRoute(deps),
    revokeCredential: async () =>
      (await import('./credential-routes.js')).revokeCredentialRoute(deps),
    rebuild: async () => (await import('./rebuild-route.js')).rebuildRoute(deps),
    createPartner: async () => (await import('./partner-routes.js')).createPartnerRoute(deps),
    listPartners: async () => (await import('./partner-routes.js')).listPartnersRoute(deps),
    getPartner: async () => (await import('./partner-routes.js')).getPartnerRoute(deps),
    deletePartner: async () => (await import('./partner-routes.js')).deletePartnerRoute(deps),
    getStatsPage: async () => (await import('./stats-routes.js')).statsPageRoute(deps),
    getStats: async () => (await import('./stats-routes.js')).statsJsonRoute(deps),
  };
  const loaded = new Map<RouteName, Promise<RouteHandler>>();
  return (name) => {
    let route = loaded.get(name);
    if (!route) {
      route = load[name]();
      loaded.set(name, route);
      route.catch(() => loaded.delete(name));
    }
    return route;
  };
}
