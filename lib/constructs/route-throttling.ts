import type { CfnStage, HttpStage, ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { ROUTES, type RouteName } from '../../lambdas/adapters/http/routes.js';

/**
 * Steady requests per second and bursts per route, under the stage-wide limit: story posts get
 * the most, batches (up to 100 stories each) and reads less, credential management very little.
 * Sized for the documented peak, 50 stories/s (a group of 150 regional sites in breaking news):
 * single posts at twice it (bursts of 200), and batches for anything larger: 10 batches a second
 * carry 1,000 stories. A 429 raises the ApiThrottled alarm.
 */
export const ROUTE_THROTTLES: Readonly<Partial<Record<RouteName, ThrottleSettings>>> = {
  createStory: { rateLimit: 100, burstLimit: 200 },
  createStoryBatch: { rateLimit: 10, burstLimit: 20 },
  getStory: { rateLimit: 20, burstLimit: 40 },
  killStory: { rateLimit: 10, burstLimit: 20 },
  createCredential: { rateLimit: 1, burstLimit: 5 },
  listCredentials: { rateLimit: 1, burstLimit: 5 },
  revokeCredential: { rateLimit: 1, burstLimit: 5 },
  rebuild: { rateLimit: 1, burstLimit: 2 },
  createPartner: { rateLimit: 1, burstLimit: 5 },
  listPartners: { rateLimit: 1, burstLimit: 5 },
  getPartner: { rateLimit: 1, burstLimit: 5 },
  deletePartner: { rateLimit: 1, burstLimit: 5 },
  // An editor's page view reads up to 400 day partitions: a few a second is plenty.
  getStatsPage: { rateLimit: 2, burstLimit: 5 },
  getStats: { rateLimit: 2, burstLimit: 5 },
};

/** A route without its own entry gets this. */
const DEFAULT_THROTTLE: ThrottleSettings = { rateLimit: 10, burstLimit: 20 };

/** Sets per-route throttling on an HTTP API stage (CloudFormation `RouteSettings`, by route key). */
export function applyRouteThrottling(
  stage: HttpStage,
  throttles: Readonly<Partial<Record<RouteName, ThrottleSettings>>> = ROUTE_THROTTLES,
): void {
  const settings = Object.fromEntries(
    ROUTES.map((route) => {
      const throttle = throttles[route.name] ?? DEFAULT_THROTTLE;
      return [
        `${route.method} ${route.path}`,
        { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit },
      ];
    }),
  );
  (stage.node.defaultChild as CfnStage).routeSettings = settings;
}
