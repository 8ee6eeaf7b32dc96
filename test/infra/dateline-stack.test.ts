import { Match } from 'aws-cdk-lib/assertions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lambdas/adapters/http/routes.js';
import { REBUILD_EVENT, SWEEP_EVENT } from '../../lib/dateline-stack.js';
import { sharedStack } from './stack-fixture.js';
import {
  actionsOf,
  identityStatements,
  joinToString,
  logicalId,
  onlyResource,
  propertiesOf,
  statementsOfRole,
} from './template-helpers.js';

const { stack, template } = sharedStack('dev');
const ids = {
  table: logicalId(stack.table),
  bucket: logicalId(stack.feeds.bucket),
  distribution: logicalId(stack.feeds.distribution),
  secret: logicalId(stack.token),
  ingest: logicalId(stack.ingest),
  publish: logicalId(stack.publish),
  dlq: logicalId(stack.stream.deadLetterQueue),
  api: logicalId(stack.api.api),
};
const roleId = (fn: LambdaFunction) => logicalId(fn.role as LambdaFunction['role'] & object);

function envOf(id: string): Record<string, unknown> {
  const props = propertiesOf(template, 'AWS::Lambda::Function', id);
  return (props.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('DatelineStack functions', () => {
  it.each([
    ['ingest', ids.ingest],
    ['publish', ids.publish],
  ])('runs %s on nodejs22.x, arm64, with source maps and its own log group', (_name, id) => {
    const props = propertiesOf(template, 'AWS::Lambda::Function', id);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(envOf(id).NODE_OPTIONS).toBe('--enable-source-maps');
    const logGroup = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(propertiesOf(template, 'AWS::Logs::LogGroup', logGroup).RetentionInDays).toBe(30);
  });

  it('gives both functions the stage, log level and table (the site config is in the bundle)', () => {
    for (const id of [ids.ingest, ids.publish]) {
      const env = envOf(id);
      expect(env.DATELINE_CONFIG).toBeUndefined();
      expect(env).toMatchObject({
        APP_ENV: 'dev',
        LOG_LEVEL: 'info',
        STORIES_TABLE_NAME: { Ref: ids.table },
      });
    }
  });

  it('keeps the API token out of ingest: the authorizer alone reads it', () => {
    expect(envOf(ids.ingest).API_TOKEN_SECRET_ARN).toBeUndefined();
  });

  it('tells publish the feeds bucket and the public base URL of the distribution', () => {
    const env = envOf(ids.publish);
    expect(env.FEEDS_BUCKET_NAME).toEqual({ Ref: ids.bucket });
    expect(env.FEED_BASE_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }]],
    });
  });

  it('tells ingest the public base URL too (answers name the feed or archive page a story is on)', () => {
    expect(envOf(ids.ingest).FEED_BASE_URL).toEqual(envOf(ids.publish).FEED_BASE_URL);
  });

  it('sizes publish for rendering: 1024 MB, 60 s', () => {
    const props = propertiesOf(template, 'AWS::Lambda::Function', ids.publish);
    expect(props).toMatchObject({ MemorySize: 1024, Timeout: 60 });
  });

  it('generates a 48-character token without punctuation', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });
});

describe('DatelineStack ingest API', () => {
  const routes = template.findResources('AWS::ApiGatewayV2::Route');

  it('has one route per ROUTES entry', () => {
    const keys = Object.values(routes).map((r) => (r.Properties as { RouteKey: string }).RouteKey);
    expect(keys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('sends every route to the one ingest integration, payload format 2.0', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const [integrationId, integration] = Object.entries(integrations)[0] ?? [];
    expect(Object.keys(integrations)).toHaveLength(1);
    expect(integration?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [ids.ingest, 'Arn'] },
    });
    for (const route of Object.values(routes)) {
      expect((route.Properties as { Target: unknown }).Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: integrationId }]],
      });
    }
  });

  it('throttles the $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: ids.api },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 400, ThrottlingRateLimit: 200 },
    });
  });
});

describe('DatelineStack publisher triggers', () => {
  const mapping = (
    Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).find(
      (m) => (m.Properties.FunctionName as { Ref?: string }).Ref === ids.publish,
    ) as { Properties: Record<string, unknown> }
  ).Properties;

  it('reads the table stream in coalescing, bisecting, bounded batches, to a DLQ', () => {
    expect(mapping).toMatchObject({
      FunctionName: { Ref: ids.publish },
      EventSourceArn: { 'Fn::GetAtt': [ids.table, 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
    });
    expect(mapping).not.toHaveProperty('FunctionResponseTypes');
  });

  it('lets only story items (sort key "story") invoke the publisher', () => {
    const { Filters } = mapping.FilterCriteria as { Filters: { Pattern: string }[] };
    expect(Filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { dynamodb: { Keys: { sk: { S: ['story'] } } } },
    ]);
  });

  it('keeps dead letters encrypted for 14 days', () => {
    expect(propertiesOf(template, 'AWS::SQS::Queue', ids.dlq)).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('sweeps every minute by invoking publish with the sweep event', () => {
    const schedule = onlyResource(template, 'AWS::Scheduler::Schedule').Properties;
    const target = schedule.Target as Record<string, unknown>;
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [ids.publish, 'Arn'] });
    expect(JSON.parse(target.Input as string)).toEqual(SWEEP_EVENT);
    const role = (target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(statementsOfRole(template, role)).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: expect.arrayContaining([{ 'Fn::GetAtt': [ids.publish, 'Arn'] }]),
      }),
    ]);
  });

  it('renders everything once per changed publisher version, with the rebuild event', () => {
    const render = onlyResource(template, 'Custom::AWS').Properties;
    const version = onlyResource(template, 'AWS::Lambda::Version');
    expect(version.Properties).toEqual({ FunctionName: { Ref: ids.publish } });
    const call = JSON.parse(joinToString(render.Create));
    expect(call).toMatchObject({ service: 'Lambda', action: 'invoke' });
    expect(call.parameters).toEqual({
      FunctionName: `\${${version.id}}`,
      InvocationType: 'Event',
      Payload: JSON.stringify(REBUILD_EVENT),
    });
    expect(joinToString(render.Update)).toEqual(joinToString(render.Create));
  });

  it('renders only after the table and the feed site exist', () => {
    expect(onlyResource(template, 'Custom::AWS').DependsOn).toEqual(
      expect.arrayContaining([ids.table, ids.bucket, ids.distribution]),
    );
  });
});

describe('DatelineStack feed site', () => {
  it('keeps the bucket private, encrypted, TLS-only and unversioned', () => {
    const props = propertiesOf(template, 'AWS::S3::Bucket', ids.bucket);
    expect(props).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
    expect(props).not.toHaveProperty('VersioningConfiguration');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('serves the bucket through CloudFront with origin access control only', () => {
    const config = (
      propertiesOf(template, 'AWS::CloudFront::Distribution', ids.distribution) as {
        DistributionConfig: {
          Origins: Array<Record<string, unknown>>;
          DefaultCacheBehavior: Record<string, unknown>;
        } & Record<string, unknown>;
      }
    ).DistributionConfig;
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0]).toMatchObject({
      OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', HttpVersion: 'http2and3' });
    expect(config.DefaultCacheBehavior).toMatchObject({
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
  });

  it('serves robots.txt and the sitemaps as the feeds: one behaviour, one cache policy, for every path', () => {
    const config = (
      propertiesOf(template, 'AWS::CloudFront::Distribution', ids.distribution) as {
        DistributionConfig: Record<string, unknown> & {
          DefaultCacheBehavior: { CachePolicyId: unknown };
        };
      }
    ).DistributionConfig;
    // No path behaviour that could route /sitemap.xml, /sitemaps/* or /robots.txt elsewhere:
    // they come from the bucket with the Content-Type the publisher wrote and the feeds' policy.
    expect(config.CacheBehaviors).toBeUndefined();
    const policies = Object.keys(template.findResources('AWS::CloudFront::CachePolicy'));
    expect(policies).toHaveLength(1);
    expect(config.DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: policies[0] });
  });

  it('caches by origin Cache-Control, 5 s at most on any object, keyed on no cookie or query', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        // Kills and embargo lifts reach readers within seconds at every URL: feeds, story pages,
        // HTML views and the browser view of a feed URL alike (README, "Caching").
        DefaultTTL: 5,
        MaxTTL: 5,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          CookiesConfig: { CookieBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
        }),
      }),
    });
  });
});

describe('DatelineStack permissions', () => {
  it('grants data access on named resources only, never "*"', () => {
    const data = identityStatements(template).filter(({ statement }) =>
      actionsOf(statement).some(
        // ListStreams (added by the event source) lists stream ARNs; it reads no data.
        (a) => /^(dynamodb|s3|sqs|secretsmanager):/.test(a) && a !== 'dynamodb:ListStreams',
      ),
    );
    expect(data.length).toBeGreaterThan(0);
    for (const { statement } of data) {
      const resources = [statement.Resource].flat();
      expect(resources, JSON.stringify(statement)).not.toContain('*');
    }
  });

  it('lets ingest call only what its code calls, and not read the token', () => {
    const actions = statementsOfRole(template, roleId(stack.ingest)).flatMap(actionsOf);
    expect(new Set(actions)).toEqual(
      new Set([
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'lambda:InvokeFunction',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
    expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });

  it('lets ingest invoke the publish function only (POST /rebuild), and tells it its name', () => {
    const invokes = statementsOfRole(template, roleId(stack.ingest)).filter((s) =>
      actionsOf(s).includes('lambda:InvokeFunction'),
    );
    expect(invokes).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: [
          { 'Fn::GetAtt': [ids.publish, 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.publish, 'Arn'] }, ':*']] },
        ],
      }),
    ]);
    expect(envOf(ids.ingest).PUBLISH_FUNCTION_NAME).toEqual({ Ref: ids.publish });
  });

  it("limits ingest's table access by partition key to the partitions a save writes, reads of archive heads and spans, and credentials to their table", () => {
    const table = statementsOfRole(template, roleId(stack.ingest)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(table).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [ids.table, 'Arn'] },
        Condition: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': ['story#*', 'feed#*', 'tomb#*', 'due'],
          },
        },
      }),
      // Read-only: where an answer says late copy goes (archive heads and page spans).
      expect.objectContaining({
        Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': [ids.table, 'Arn'] },
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['archhead#*', 'arch#*'] },
        },
      }),
      expect.objectContaining({
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': [logicalId(stack.credentials), 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['credential'] } },
      }),
      // The per-credential request counters (429 past the limit), in the credentials table.
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Resource: { 'Fn::GetAtt': [logicalId(stack.credentials), 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['rate#*'] } },
      }),
      // Push partners (POST/GET/DELETE /partners), in their own partition of that table.
      expect.objectContaining({
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': [logicalId(stack.credentials), 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['partner'] } },
      }),
      // GET /stats: the audience counts' day partitions, never the client hashes.
      expect.objectContaining({
        Action: 'dynamodb:Query',
        Resource: { 'Fn::GetAtt': [logicalId(stack.audience.statsTable), 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['day#*'] } },
      }),
    ]);
  });

  it('keeps credentials in a table without a stream, which the publisher cannot touch', () => {
    const credentials = template.toJSON().Resources[logicalId(stack.credentials)];
    expect(credentials.Properties.StreamSpecification).toBeUndefined();
    const publisher = JSON.stringify(statementsOfRole(template, roleId(stack.publish)));
    expect(publisher).not.toContain(logicalId(stack.credentials));
    expect(envOf(ids.publish).CREDENTIALS_TABLE_NAME).toBeUndefined();
    expect(envOf(ids.ingest).CREDENTIALS_TABLE_NAME).toEqual({ Ref: logicalId(stack.credentials) });
  });

  it("gives every function's role no managed policy and log rights on its own log group only", () => {
    for (const fn of [stack.ingest, stack.publish, stack.authorizer.function]) {
      const role = template.toJSON().Resources[roleId(fn)];
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const logs = statementsOfRole(template, roleId(fn)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      expect(logs).toEqual([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] },
        }),
      ]);
    }
  });

  it('lets publish write to the table only in the due partition and the archive and sitemap partitions', () => {
    const writes = statementsOfRole(template, roleId(stack.publish)).filter((s) =>
      actionsOf(s).some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)),
    );
    expect(writes).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['due', 'archpages'] },
        },
      }),
      expect.objectContaining({
        Action: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem'],
        Condition: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              'archhead#*',
              'arch#*',
              'archived#*',
              'archpages*',
              'sitemap#*',
            ],
          },
        },
      }),
    ]);
  });

  it('lets publish call only what its code and its stream need', () => {
    const actions = statementsOfRole(template, roleId(stack.publish)).flatMap(actionsOf);
    expect(new Set(actions)).toEqual(
      new Set([
        'dynamodb:Query',
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
        's3:ListBucket',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]),
    );
  });
});

describe('DatelineStack operations', () => {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (a) => a.Properties as Record<string, unknown>,
  );

  it.each([
    ['ingest errors', 'Errors', () => ({ Ref: ids.ingest }), 0],
    ['publish errors', 'Errors', () => ({ Ref: ids.publish }), 0],
    [
      'dead letters',
      'ApproximateNumberOfMessagesVisible',
      () => ({ 'Fn::GetAtt': [ids.dlq, 'QueueName'] }),
      0,
    ],
    ['stream iterator age', 'IteratorAge', () => ({ Ref: ids.publish }), 60_000],
  ])('alarms on %s', (_name, metric, dimension, threshold) => {
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [expect.objectContaining({ Value: dimension() })],
      }),
    );
  });

  it('outputs the URLs, the token secret, the DLQ, the alarm topic, dashboard and publisher', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AlarmTopicArn',
        'ApiUrl',
        'DashboardName',
        'DeadLetterQueueUrl',
        'FeedDeadLetterQueueUrl',
        'PartnerParkedQueueUrl',
        'StoriesTableName',
        'FeedsUrl',
        'PublishFunctionName',
        'TokenSecretArn',
      ].sort(),
    );
    expect(outputs.TokenSecretArn?.Value).toEqual({ Ref: ids.secret });
  });
});
