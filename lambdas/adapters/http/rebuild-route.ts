import { requestRebuild } from '../../core/use-cases/request-rebuild.js';
import { type Authenticator, authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { jsonResponse } from './responses.js';
import type { RouteHandler } from './story-routes.js';

export interface RebuildRouteDeps {
  /** Starts the publisher's rebuild without waiting; without it the route answers 404. */
  readonly startRebuild?: () => Promise<void>;
  readonly authenticator?: Authenticator;
}

/** `POST /rebuild` (admin): 202 once the rebuild has started; it runs on in the background. */
export function rebuildRoute(deps: RebuildRouteDeps): RouteHandler {
  return async (event) => {
    const actor = await authenticate(event, deps.authenticator);
    const startRebuild = deps.startRebuild;
    if (!startRebuild) throw new HttpError(404, 'not_found', 'rebuilds are not started here');
    await requestRebuild({ startRebuild }, actor);
    return jsonResponse(202, { outcome: 'started' });
  };
}
