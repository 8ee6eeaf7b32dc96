import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { assertMayReadStats } from '../../core/credentials/scope.js';
import type { Clock } from '../../core/ports.js';
import type { SiteConfig } from '../../core/site-config.js';
import {
  AUDIENCE_RETENTION_DAYS,
  type AudienceStore,
  DEFAULT_REPORT_DAYS,
  readAudience,
} from '../../core/use-cases/audience/audience-report.js';
import { renderStatsPage } from '../../core/use-cases/audience/stats-page.js';
import { type Authenticator, authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { type HttpResult, jsonResponse } from './responses.js';
import type { RouteHandler } from './story-routes.js';

export interface StatsRouteDeps {
  readonly clock: Clock;
  readonly site: SiteConfig;
  readonly authenticator?: Authenticator;
  /** The audience counts; without them `/stats` answers 404. */
  readonly audience?: AudienceStore;
  /** Local mode: writes what the server has counted so far, so the report is current. */
  readonly beforeAudienceReport?: () => Promise<void>;
  /** Where the public pages (and their stylesheet) are; @default the site's `baseUrl` */
  readonly feedBaseUrl?: string;
}

/**
 * The Content-Security-Policy of the stats page: the pages' stylesheet and nothing else; the
 * charts are inline SVG with presentation attributes, which no policy governs.
 */
function contentSecurityPolicy(stylesheet: string): string {
  return [
    "default-src 'none'",
    `style-src 'self' ${new URL(stylesheet).origin}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `GET /stats.json`: subscribers, fetches, 304s, bytes and top readers per feed and day. */
export function statsJsonRoute(deps: StatsRouteDeps): RouteHandler {
  return async (event) => jsonResponse(200, await report(deps, event));
}

/** `GET /stats`: the same figures as an HTML page with an SVG chart per feed. */
export function statsPageRoute(deps: StatsRouteDeps): RouteHandler {
  return async (event): Promise<HttpResult> => {
    const figures = await report(deps, event);
    const base = (deps.feedBaseUrl ?? deps.site.baseUrl).replace(/\/+$/, '');
    const stylesheet = `${base}/page.css`;
    const body = renderStatsPage(figures, {
      lang: deps.site.language,
      siteName: deps.site.title,
      home: `${base}/`,
      stylesheet,
    });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': contentSecurityPolicy(stylesheet),
        'x-content-type-options': 'nosniff',
      },
      body,
    };
  };
}

async function report(deps: StatsRouteDeps, event: APIGatewayProxyEventV2) {
  const principal = await authenticate(event, deps.authenticator);
  assertMayReadStats(principal);
  const audience = deps.audience;
  if (!audience) throw new HttpError(404, 'not_found', 'audience figures are not kept here');
  const days = daysOf(event);
  await deps.beforeAudienceReport?.();
  return readAudience({ audience, clock: deps.clock }, days);
}

/** `?days=N`, 1 to 400 (the days kept); 90 when absent. */
function daysOf(event: APIGatewayProxyEventV2): number {
  const raw = event.queryStringParameters?.days;
  if (raw === undefined) return DEFAULT_REPORT_DAYS;
  const days = Number(raw);
  if (!/^[0-9]{1,3}$/.test(raw) || days < 1 || days > AUDIENCE_RETENTION_DAYS) {
    throw new HttpError(400, 'validation_failed', 'the query is invalid', {
      details: [
        { path: 'days', message: `must be a whole number from 1 to ${AUDIENCE_RETENTION_DAYS}` },
      ],
    });
  }
  return days;
}
