import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  type IHttpRouteAuthorizer,
  PayloadFormatVersion,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ROUTES } from '../../lambdas/adapters/http/routes.js';

export interface IngestApiProps {
  /** Answers every route of `ROUTES`. */
  readonly handler: IFunction;
  /** Authenticates every route before `handler` runs. @default - none: the handler must */
  readonly authorizer?: IHttpRouteAuthorizer;
  /** Applied to the whole `$default` stage. @default { burstLimit: 100, rateLimit: 50 } */
  readonly throttle?: ThrottleSettings;
}

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

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Dateline ingest API',
      createDefaultStage: false,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { burstLimit: 100, rateLimit: 50 },
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
