import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_PARTITION } from '../../lambdas/adapters/dynamodb/credential-item.js';
import { ROUTES } from '../../lambdas/adapters/http/routes.js';
import { AUTHORIZER_CACHE_SECONDS } from '../../lib/constructs/ingest-authorizer.js';
import { ROUTE_THROTTLES } from '../../lib/constructs/route-throttling.js';
import { sharedStack } from './stack-fixture.js';
import {
  actionsOf,
  logicalId,
  onlyResource,
  propertiesOf,
  statementsOfRole,
} from './template-helpers.js';

const { stack, template } = sharedStack('dev');
const fn = stack.authorizer.function;
const ids = {
  fn: logicalId(fn),
  role: logicalId(fn.role as LambdaFunction['role'] & object),
  credentials: logicalId(stack.credentials),
  secret: logicalId(stack.token),
  api: logicalId(stack.api.api),
};

describe('IngestAuthorizer', () => {
  it('is an HTTP API Lambda authorizer with simple responses on the Authorization header', () => {
    const { id, Properties } = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(id).toBeTruthy();
    expect(Properties).toMatchObject({
      ApiId: { Ref: ids.api },
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(JSON.stringify(Properties.AuthorizerUri)).toContain(ids.fn);
  });

  it(`caches each answer ${AUTHORIZER_CACHE_SECONDS} s per Authorization header (the revoke delay)`, () => {
    const { Properties } = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(AUTHORIZER_CACHE_SECONDS).toBeGreaterThan(0);
    expect(AUTHORIZER_CACHE_SECONDS).toBeLessThanOrEqual(60);
    expect(Properties.AuthorizerResultTtlInSeconds).toBe(AUTHORIZER_CACHE_SECONDS);
  });

  it('guards every route, so unauthenticated requests never reach the ingest Lambda', () => {
    const { id: authorizerId } = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(ROUTES.length);
    for (const route of routes) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('may be invoked by the API only', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName).includes(ids.fn),
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties.Principal).toBe('apigateway.amazonaws.com');
    expect(JSON.stringify(permissions[0]?.Properties.SourceArn)).toContain(ids.api);
  });

  it('reads only credential items from the credentials table and the token secret, and writes nothing', () => {
    const statements = statementsOfRole(template, ids.role);
    const data = statements.filter((s) =>
      actionsOf(s).some((a) => /^(dynamodb|secretsmanager):/.test(a)),
    );
    expect(data).toHaveLength(2);
    expect(data).toContainEqual(
      expect.objectContaining({
        Action: 'dynamodb:GetItem',
        Resource: { 'Fn::GetAtt': [ids.credentials, 'Arn'] },
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CREDENTIAL_PARTITION] },
        },
      }),
    );
    const secret = data.find((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(secret?.Resource).toEqual({ Ref: ids.secret });
    expect(actionsOf(secret ?? { Action: [], Resource: '', Effect: '' })).toEqual([
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('runs small and knows the credentials table and the secret, not the stories table', () => {
    const props = propertiesOf(template, 'AWS::Lambda::Function', ids.fn);
    expect(props).toMatchObject({ Runtime: 'nodejs22.x', MemorySize: 256, Timeout: 5 });
    const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({
      CREDENTIALS_TABLE_NAME: { Ref: ids.credentials },
      API_TOKEN_SECRET_ARN: { Ref: ids.secret },
    });
    expect(env.STORIES_TABLE_NAME).toBeUndefined();
  });
});

describe('route throttling', () => {
  it('throttles every route on the stage by its own limits', () => {
    const stage = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties.RouteSettings as Record<string, Record<string, number>>;
    expect(Object.keys(settings).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) {
      const limits = ROUTE_THROTTLES[route.name];
      expect(limits, route.name).toBeDefined();
      expect(settings[`${route.method} ${route.path}`]).toEqual({
        ThrottlingRateLimit: limits?.rateLimit,
        ThrottlingBurstLimit: limits?.burstLimit,
      });
    }
    expect(settings['POST /credentials']?.ThrottlingRateLimit).toBeLessThan(
      settings['POST /stories']?.ThrottlingRateLimit ?? 0,
    );
  });
});
