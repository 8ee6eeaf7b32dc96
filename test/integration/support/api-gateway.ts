import { apiEvent, authorizerEvent, type HttpCall } from './lambda-events.js';
import type { LambdaProcess } from './lambda-process.js';

/** The simple response of the HTTP API's Lambda authorizer. */
export interface Approval {
  readonly isAuthorized: boolean;
  readonly context: { readonly principal: string };
}

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
  readonly json: Record<string, unknown>;
  /** The body, and for a 5xx (whose body names only a request id) the errors the function logged. */
  readonly why: string;
}

const DEFAULT_CALL: HttpCall = { method: 'POST', route: '/stories' };

/**
 * What the HTTP API does with a request, over Lambda processes: the authorizer first (a throw is
 * API Gateway's 401), then the integration with the authorizer's context.
 */
export function apiGateway(authorizer: LambdaProcess) {
  const authorize = (authorization: string, call: HttpCall = DEFAULT_CALL) =>
    authorizer.invoke<Approval>(authorizerEvent(call, authorization));
  return {
    authorize,
    async request(ingest: LambdaProcess, call: HttpCall, token: string): Promise<ApiResponse> {
      const approval = await authorize(`Bearer ${token}`, call);
      const result = await ingest.invoke<Omit<ApiResponse, 'json' | 'why'>>(
        apiEvent(call, approval.context),
      );
      const logged = ingest
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":"ERROR"'));
      const why = result.statusCode >= 500 ? [result.body, ...logged].join('\n') : result.body;
      return { ...result, why, json: JSON.parse(result.body) as Record<string, unknown> };
    },
  };
}
