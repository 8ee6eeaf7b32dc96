import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  PayloadFormatVersion,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES } from '../../lambdas/adapters/http/routes.js';

export interface IngestApiProps {
  /** Answers every route of `ROUTES`. */
  readonly handler: IFunction;
  /** Authenticates every route before `handler` runs. @default - none: the handler must */
  readonly authorizer?: IHttpRouteAuthorizer;
  /**
   * Applied to the whole `$default` stage, above every route's own limit (route-throttling.ts):
   * the documented peak of 50 stories/s fits four times over. @default { burstLimit: 400, rateLimit: 200 }
   */
  readonly throttle?: ThrottleSettings;
  /** What happens to the access log group when the API goes. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * One JSON line per request: who (source IP), what (route, status, size), how long, and why a
 * request failed before or in the integration. Never headers or bodies, so never a token.
 */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  error: '$context.error.message',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

/**
 * The newsroom's HTTP API: one route per entry of the shared route table (the local server
 * dispatches by the same table), all to one Lambda with payload format 2.0. No CORS: callers are
 * servers, not browsers.
 */
export class IngestApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The stage's invoke URL, ending in a slash. */
  readonly url: string;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Dateline ingest API',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { burstLimit: 400, rateLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    const integration = new HttpLambdaIntegration('Ingest', props.handler, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    for (const route of ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: props.authorizer,
      });
    }
    this.url = this.stage.url;
  }
}
