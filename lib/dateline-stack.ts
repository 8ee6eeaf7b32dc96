import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  ARCHIVE_PARTITION_PREFIXES,
  ARCHIVE_READ_PARTITIONS,
  DUE_PARTITION,
  SITEMAP_PARTITION_PREFIXES,
  STORY_PAGES_PARTITION,
  STORY_SK,
  STORY_WRITE_PARTITIONS,
} from '../lambdas/adapters/dynamodb/story-item.js';
import type { PublishEvent } from '../lambdas/adapters/stream/publish-handler.js';
import type { SiteConfig } from '../lambdas/core/site-config.js';
import { AudienceLogs, CLOUDFRONT_LOG_PREFIX } from './constructs/audience-logs.js';
import { CredentialsTable } from './constructs/credentials-table.js';
import { DatelineFunction } from './constructs/dateline-function.js';
import { DatelineMonitoring } from './constructs/dateline-monitoring.js';
import { FeedQueue } from './constructs/feed-queue.js';
import { FeedSite } from './constructs/feed-site.js';
import { IngestApi } from './constructs/ingest-api.js';
import { IngestAuthorizer } from './constructs/ingest-authorizer.js';
import { InitialRender } from './constructs/initial-render.js';
import { MinuteSweep } from './constructs/minute-sweep.js';
import { PartnerPush } from './constructs/partner-push.js';
import { retainProviderLogs } from './constructs/provider-logs.js';
import { applyRouteThrottling } from './constructs/route-throttling.js';
import { StoriesTable, StoryTableGrants } from './constructs/stories-table.js';
import { StoryStream } from './constructs/story-stream.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';
import { removalPolicyFor, type Stage } from './stage.js';

/** The events the publisher gets besides stream batches (see `PublishEvent`). */
export const SWEEP_EVENT = { source: 'dateline.sweep' } as const satisfies PublishEvent;
export const REBUILD_EVENT = { source: 'dateline.rebuild' } as const satisfies PublishEvent;

/** The partition of due changes, the only items the publisher deletes (derived, not restated). */

export interface DatelineStackProps extends StackProps {
  /** The validated `dateline` context; compiled into both Lambda bundles. */
  readonly site: SiteConfig;
  /** `staging` and `prod` retain the table, bucket, secret and logs; `prod` protects the stack. */
  readonly stage: Stage;
  /**
   * Subscribed to the alarm topic; `"none"` subscribes no one. `stageSettings` refuses a `prod`
   * synth without it (a topic nobody reads pages nobody). @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Use this existing table instead of making one (a point-in-time restore, docs/deploy.md 9a):
   * same keys, its stream on with NEW_AND_OLD_IMAGES, TTL on `ttl`. The stack then neither
   * creates nor deletes a table. @default - the stack makes and owns its table
   */
  readonly storiesTable?: { readonly name: string; readonly streamArn: string };
  /** Serve feeds on this domain (certificate in us-east-1). @default - the CloudFront domain */
  readonly feedDomain?: { readonly name: string; readonly certificateArn: string };
}

/** Wiring only: every decision lives in a construct under `lib/constructs/`. */
export class DatelineStack extends Stack {
  /** The stack's own StoriesTable, or the existing table `storiesTable` names. */
  readonly table: ITable;
  readonly credentials: CredentialsTable;
  readonly feeds: FeedSite;
  readonly token: Secret;
  readonly ingest: DatelineFunction;
  readonly authorizer: IngestAuthorizer;
  readonly api: IngestApi;
  readonly publish: DatelineFunction;
  readonly render: DatelineFunction;
  readonly feedQueue: FeedQueue;
  readonly partnerPush: PartnerPush;
  readonly stream: StoryStream;
  readonly monitoring: DatelineMonitoring;
  readonly audience: AudienceLogs;

  constructor(scope: Construct, id: string, props: DatelineStackProps) {
    super(scope, id, {
      description: `Dateline news feed publisher (${props.stage})`,
      terminationProtection: props.stage === 'prod',
      ...props,
    });
    Tags.of(this).add('project', 'dateline');
    Tags.of(this).add('stage', props.stage);
    const removalPolicy = removalPolicyFor(props.stage);

    this.table = props.storiesTable
      ? Table.fromTableAttributes(this, 'Stories', {
          tableName: props.storiesTable.name,
          tableStreamArn: props.storiesTable.streamArn,
        })
      : new StoriesTable(this, 'Stories', { removalPolicy });
    const tableGrants = new StoryTableGrants(this.table);
    this.credentials = new CredentialsTable(this, 'Credentials', { removalPolicy });
    this.audience = new AudienceLogs(this, 'Audience', {
      removalPolicy,
      environment: { APP_ENV: props.stage },
    });
    this.feeds = new FeedSite(this, 'Feeds', {
      removalPolicy,
      domain: props.feedDomain,
      accessLogs: { bucket: this.audience.logBucket, prefix: CLOUDFRONT_LOG_PREFIX },
    });
    this.token = new Secret(this, 'ApiToken', {
      description: 'Dateline ingest bearer token',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    const metricsNamespace = `Dateline/${this.stackName}`;
    const common = {
      APP_ENV: props.stage,
      LOG_LEVEL: 'info',
      STORIES_TABLE_NAME: this.table.tableName,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
    };

    this.ingest = new DatelineFunction(this, 'Ingest', {
      entry: handlerEntry('ingest'),
      description: 'Dateline: ingest API',
      timeout: Duration.seconds(15),
      logRemovalPolicy: removalPolicy,
      bundledConfig: props.site,
      environment: {
        ...common,
        CREDENTIALS_TABLE_NAME: this.credentials.tableName,
        STATS_TABLE_NAME: this.audience.statsTable.tableName,
        FEED_BASE_URL: this.feeds.baseUrl,
      },
    });
    // Only what its code calls: a save reads the stored story, then a conditional transaction,
    // in the story's own partitions; credential management in the credentials table.
    tableGrants.grantStoryWrites(this.ingest, STORY_WRITE_PARTITIONS);
    // Read-only: the feeds' archive heads and page spans, for where an answer says a story is.
    tableGrants.grantPartitionReads(this.ingest, ARCHIVE_READ_PARTITIONS);
    this.ingest.addEnvironment('FEED_BASE_URL', this.feeds.baseUrl);
    this.credentials.grantManage(this.ingest);
    this.credentials.grantCountRequests(this.ingest);
    this.credentials.grantManagePartners(this.ingest);
    this.audience.grantReadStats(this.ingest);
    this.authorizer = new IngestAuthorizer(this, 'Authorizer', {
      credentials: this.credentials,
      adminToken: this.token,
      environment: { APP_ENV: props.stage, LOG_LEVEL: 'info' },
      logRemovalPolicy: removalPolicy,
    });
    this.api = new IngestApi(this, 'IngestApi', {
      handler: this.ingest,
      authorizer: this.authorizer.authorizer,
      logRemovalPolicy: removalPolicy,
    });
    applyRouteThrottling(this.api.stage);

    const publishing = {
      ...common,
      FEEDS_BUCKET_NAME: this.feeds.bucket.bucketName,
      FEED_BASE_URL: this.feeds.baseUrl,
    };
    // Publishing by feed: the publisher queues changed feeds, one render each (feed-queue.ts).
    const renderTimeout = Duration.seconds(30);
    this.render = new DatelineFunction(this, 'RenderFeed', {
      entry: handlerEntry('render-feed'),
      description: 'Dateline: render one feed (per-feed queue)',
      memorySize: 1024,
      timeout: renderTimeout,
      logRemovalPolicy: removalPolicy,
      bundledConfig: props.site,
      environment: publishing,
    });
    tableGrants.grantFeedReads(this.render);
    tableGrants.grantPutInPartitions(this.render, ARCHIVE_PARTITION_PREFIXES);
    this.feeds.grantPublish(this.render);
    this.feedQueue = new FeedQueue(this, 'FeedQueue', {
      handler: this.render,
      handlerTimeout: renderTimeout,
    });
    // Signed partner push: render queues item changes, the sender delivers (partner-push.ts).
    this.partnerPush = new PartnerPush(this, 'PartnerPush', {
      entry: handlerEntry('push-sender'),
      credentials: this.credentials,
      environment: { ...common, FEED_BASE_URL: this.feeds.baseUrl },
      bundledConfig: props.site,
      logRemovalPolicy: removalPolicy,
    });
    this.render.addEnvironment('PUSH_QUEUE_URL', this.partnerPush.queue.queueUrl);
    this.partnerPush.grantNotify(this.render);

    const publishTimeout = Duration.seconds(60);
    this.publish = new DatelineFunction(this, 'Publish', {
      entry: handlerEntry('publish'),
      description: 'Dateline: story pages and archives; queues changed feeds; rebuilds',
      memorySize: 1024,
      timeout: publishTimeout,
      logRemovalPolicy: removalPolicy,
      bundledConfig: props.site,
      environment: {
        ...publishing,
        FEED_QUEUE_URL: this.feedQueue.queue.queueUrl,
        FEED_QUEUE_WINDOW_MS: String(this.feedQueue.windowMs),
      },
    });
    this.feedQueue.queue.grantSendMessages(this.publish);
    tableGrants.grantFeedReads(this.publish);
    tableGrants.grantBatchWritesInPartitions(this.publish, [DUE_PARTITION, STORY_PAGES_PARTITION]);
    // The publisher keeps the sitemaps' per-day records beside the archives (story pages are its).
    tableGrants.grantPutInPartitions(this.publish, [
      ...ARCHIVE_PARTITION_PREFIXES,
      ...SITEMAP_PARTITION_PREFIXES,
    ]);
    this.feeds.grantPublish(this.publish);
    // POST /rebuild (admin) starts the publisher's rebuild with an asynchronous invoke.
    this.ingest.addEnvironment('PUBLISH_FUNCTION_NAME', this.publish.functionName);
    this.publish.grantInvoke(this.ingest);
    // Only the sweep and POST /rebuild invoke $LATEST asynchronously; a failed sweep is simply
    // done by the next, a failed rebuild is asked for again.
    this.publish.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });

    this.stream = new StoryStream(this, 'StoryStream', {
      table: this.table,
      handler: this.publish,
      storySortKey: STORY_SK,
    });
    new MinuteSweep(this, 'MinuteSweep', { handler: this.publish, event: SWEEP_EVENT });
    const render = new InitialRender(this, 'InitialRender', {
      handler: this.publish.currentVersion,
      event: REBUILD_EVENT,
      logRemovalPolicy: removalPolicy,
    });
    render.node.addDependency(this.table, this.feeds);

    this.monitoring = new DatelineMonitoring(this, 'Monitoring', {
      ingest: this.ingest,
      publish: this.publish,
      publishTimeout,
      render: this.render,
      renderTimeout,
      feedQueue: this.feedQueue.queue,
      feedDeadLetterQueue: this.feedQueue.deadLetterQueue,
      apiAccessLogs: this.api.accessLogs,
      authorizerLogs: this.authorizer.function.logGroup,
      authorizer: this.authorizer.function,
      apiStage: this.api.stage,
      table: this.table,
      deadLetterQueue: this.stream.deadLetterQueue,
      distribution: this.feeds.distribution,
      metricsNamespace,
      alarmEmail: props.alarmEmail,
    });
    this.partnerPush.notify(this.monitoring.topic);
    retainProviderLogs(this, removalPolicy);
    acknowledgeNagFindings(this, { customDomain: props.feedDomain !== undefined });
    this.outputs();
  }

  private outputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Ingest API base URL' });
    new CfnOutput(this, 'FeedsUrl', {
      value: `${this.feeds.baseUrl}/`,
      description: 'Feed directory',
    });
    new CfnOutput(this, 'TokenSecretArn', {
      value: this.token.secretArn,
      description: 'Secrets Manager secret holding the ingest bearer token',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.stream.deadLetterQueue.queueUrl,
      description: 'Stream batches the publisher gave up on',
    });
    new CfnOutput(this, 'FeedDeadLetterQueueUrl', {
      value: this.feedQueue.deadLetterQueue.queueUrl,
      description: 'Feeds whose render failed five times',
    });
    new CfnOutput(this, 'PartnerParkedQueueUrl', {
      value: this.partnerPush.parkedQueue.queueUrl,
      description: 'Partner notifications given up on after 24 hours of retries',
    });
    new CfnOutput(this, 'StoriesTableName', {
      value: this.table.tableName,
      description: 'The DynamoDB table (for a point-in-time restore)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description: 'SNS topic every alarm notifies; subscribe to it',
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboardName,
      description: 'CloudWatch dashboard of the same figures as the alarms',
    });
    new CfnOutput(this, 'PublishFunctionName', {
      value: this.publish.functionName,
      description: 'Invoke with {"source":"dateline.rebuild"} to rebuild every feed',
    });
  }
}

function handlerEntry(name: 'ingest' | 'publish' | 'render-feed' | 'push-sender'): string {
  return fileURLToPath(new URL(`../lambdas/handlers/${name}.ts`, import.meta.url));
}
