import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AudienceLogs } from './constructs/audience-logs.js';
import type { DatelineFunction } from './constructs/dateline-function.js';
import type { FeedSite } from './constructs/feed-site.js';
import type { IngestAuthorizer } from './constructs/ingest-authorizer.js';
import type { StoryStream } from './constructs/story-stream.js';

type Rule = `AwsSolutions-${string}`;

/** The parts of the Dateline stack that carry acknowledged findings. */
export interface NagTargets extends IConstruct {
  readonly feeds: FeedSite;
  readonly token: IConstruct;
  readonly ingest: DatelineFunction;
  readonly authorizer: IngestAuthorizer;
  readonly publish: DatelineFunction;
  /** The feed render function (per-feed queue). */
  readonly render: DatelineFunction;
  readonly stream: StoryStream;
  /** The partner push sender. */
  readonly partnerPush: { readonly sender: DatelineFunction };
  /** The CDN log bucket, the stats and day-key tables and the log processor. */
  readonly audience: AudienceLogs;
}

/**
 * The cdk-nag AwsSolutions findings this stack accepts, each on the construct it concerns and
 * with the reason (test/infra/cdk-nag.test.ts fails on any finding not acknowledged here).
 */
export function acknowledgeNagFindings(
  stack: NagTargets,
  options: { readonly customDomain: boolean },
): void {
  const functions = [stack.ingest, stack.publish, stack.render, stack.authorizer.function];
  for (const fn of [...functions, stack.partnerPush.sender, stack.audience.processor]) {
    // The role is the function's sibling (DatelineFunction makes it): findings land on either.
    const role = fn.role as IConstruct;
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and, for the ' +
        "publisher's stream, dynamodb:ListStreams are granted on *: those actions have no " +
        'resource-level permissions',
    );
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x, the runtime the bundles target and the tests cover (DESIGN.md); ' +
        'a runtime upgrade is a deliberate change with its own test run, not a drift',
    );
  }
  for (const fn of [stack.publish, stack.render]) {
    acknowledge(
      fn.role as IConstruct,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack.feeds.bucket)}.Arn>/*]`,
      'The publisher and the feed renderer write feed files under any key of their own bucket ' +
        '(feeds/, index.html, feeds.opml): only GetObject and PutObject, on that bucket only',
    );
  }
  acknowledge(
    stack,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack.publish)}.Arn>:*]`,
    'The minute sweep schedule may invoke the publisher and its versions (CDK LambdaInvoke ' +
      'target); no other function',
  );
  acknowledge(
    stack,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "Only CDK's own AwsCustomResource provider (the initial render at deploy) keeps this " +
      "managed policy, which CDK attaches to the singleton it creates; Dateline's functions " +
      'write only their own log groups',
  );
  acknowledge(
    stack.token,
    'AwsSolutions-SMG4',
    'The admin token is rotated by its operators with an overlap in which both tokens work ' +
      '(docs/deploy.md, "Rotate the token": the authorizer accepts AWSCURRENT and AWSPREVIOUS ' +
      'until the old version is retired); an automatic rotation would break every sender ' +
      'holding the token without telling them',
  );
  acknowledge(
    stack.stream.deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is the dead letter queue of the story stream; it needs none of its own',
  );
  acknowledgeFeedSite(stack, options.customDomain);
  acknowledgeAudience(stack.audience);
}

function acknowledgeAudience(audience: AudienceLogs): void {
  acknowledge(
    audience.processor.role as IConstruct,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(audience.logBucket)}.Arn>/cloudfront/*]`,
    'The log processor reads (GetObject only) the CloudFront log files, whose names CloudFront ' +
      'chooses, under the cloudfront/ prefix of its own log bucket',
  );
  acknowledge(
    audience.logBucket,
    'AwsSolutions-S1',
    'This is the log bucket: CloudFront writes its access logs here and they expire in days; ' +
      'logging the log bucket would keep a second copy of what readers did',
  );
  acknowledge(
    audience.keysTable,
    'AwsSolutions-DDB3',
    "The day keys that hash readers' addresses must be gone once deleted (README, Audience); " +
      'a point-in-time backup would keep them recoverable for 35 days. Losing the table loses ' +
      "only the current day's distinct-client counting",
  );
}

function acknowledgeFeedSite(stack: NagTargets, customDomain: boolean): void {
  const { bucket, distribution } = stack.feeds;
  acknowledge(
    bucket,
    'AwsSolutions-S1',
    'Only the publisher writes the bucket and only CloudFront reads it; writes are traced by ' +
      'the publish logs and API access logs, and reads are public feeds',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR1',
    'News feeds are for readers everywhere: no country is excluded',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR2',
    'The distribution serves static, cached, public files from a private bucket (GET and HEAD ' +
      'only); WAF would filter nothing it can harm. Add a web ACL if abuse ever shows',
  );
  if (!customDomain) {
    acknowledge(
      distribution,
      'AwsSolutions-CFR4',
      'Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose TLS ' +
        'policy it sets; with feedDomain configured the minimum is TLS 1.2 (TLSv1.2_2021)',
    );
  }
}

function acknowledge(scope: IConstruct, rule: Rule, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}

function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}
