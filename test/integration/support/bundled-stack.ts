import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LambdaInvokeStandIn,
  type LocalS3,
  S3RVER_CREDENTIALS,
  type SecretsManagerStandIn,
  type SqsStandIn,
  startLambdaInvoke,
  startLocalS3,
  startSecretsManager,
  startSqs,
} from './aws-stand-ins.js';
import { createTestTable, sharedDynamoDbEndpoint, type TestTable } from './dynamodb.js';
import { type LambdaProcess, startLambdaProcess } from './lambda-process.js';
import {
  buildBundle,
  type LambdaName,
  lambdaEnvironment,
  type StackFunction,
} from './stack-functions.js';

/** The publish function's name as the ingest bundle is given it (`PUBLISH_FUNCTION_NAME`). */
export const PUBLISH_FUNCTION_NAME = 'Dateline-dev-publish';

export interface BundledStackOptions {
  readonly functions: Readonly<Record<LambdaName, StackFunction>>;
  readonly bucket: string;
  readonly feedBaseUrl: string;
  readonly secretArn: string;
  readonly adminToken: string;
}

/** The stack's Lambdas, built and running, over a fresh table and local stand-ins. */
export interface BundledStack {
  readonly lambdas: Readonly<Record<LambdaName, LambdaProcess>>;
  readonly table: TestTable;
  readonly dynamodbEndpoint: string;
  readonly s3: LocalS3;
  readonly secrets: SecretsManagerStandIn;
  /** Lambda's Invoke API: what the ingest bundle asks of the publish function (POST /rebuild). */
  readonly lambdaApi: LambdaInvokeStandIn;
  /** The per-feed queue the publisher sends to (the render function is invoked by the test). */
  readonly sqs: SqsStandIn;
  /** The partner push queue the render function sends item changes to. */
  readonly pushQueue: SqsStandIn;
  /** Another execution environment of a built bundle, with variables added to the function's. */
  start(name: LambdaName, variables?: Readonly<Record<string, string>>): Promise<LambdaProcess>;
  stop(): Promise<void>;
}

/**
 * Builds each function's bundle once (as `cdk synth` does) and starts one process per function
 * with the variables Lambda would give it, pointed at a fresh table on the run's DynamoDB Local,
 * s3rver for the feeds bucket and a Secrets Manager stand-in holding the admin token.
 */
export async function startBundledStack(options: BundledStackOptions): Promise<BundledStack> {
  const outdir = await mkdtemp(join(tmpdir(), 'dateline-bundles-'));
  const [dynamodbEndpoint, table, s3, secrets, lambdaApi, sqs, pushQueue] = await Promise.all([
    sharedDynamoDbEndpoint(),
    createTestTable(),
    startLocalS3(options.bucket),
    startSecretsManager(options.secretArn, options.adminToken),
    startLambdaInvoke(),
    startSqs(),
    startSqs(),
  ]);
  const local = {
    STORIES_TABLE_NAME: table.tableName,
    // The credential store is table-agnostic: the test table holds them too.
    CREDENTIALS_TABLE_NAME: table.tableName,
    // So is the audience store (GET /stats): an empty day reads as no feed fetched.
    STATS_TABLE_NAME: table.tableName,
    FEEDS_BUCKET_NAME: options.bucket,
    FEED_BASE_URL: options.feedBaseUrl,
    API_TOKEN_SECRET_ARN: options.secretArn,
    PUBLISH_FUNCTION_NAME,
    FEED_QUEUE_URL: sqs.queueUrl,
    // The render function queues item changes for the partner push sender here.
    PUSH_QUEUE_URL: pushQueue.queueUrl,
  };
  const aws = {
    dynamodb: dynamodbEndpoint,
    s3: s3.endpoint,
    secretsManager: secrets.endpoint,
    lambda: lambdaApi.endpoint,
    credentials: S3RVER_CREDENTIALS,
  };
  const start = (name: LambdaName, variables: Readonly<Record<string, string>> = {}) => {
    const dir = join(outdir, name);
    const fn = options.functions[name];
    return startLambdaProcess(dir, {
      ...lambdaEnvironment(name, fn, dir, local, aws),
      ...variables,
    });
  };
  const lambdas = {} as Record<LambdaName, LambdaProcess>;
  const stop = async () => {
    await Promise.all(Object.values(lambdas).map((lambda) => lambda.stop()));
    await Promise.all([
      table.drop(),
      s3.stop(),
      secrets.stop(),
      lambdaApi.stop(),
      sqs.stop(),
      pushQueue.stop(),
    ]);
    await rm(outdir, { recursive: true, force: true });
  };
  try {
    const names = Object.keys(options.functions) as LambdaName[];
    for (const name of names) buildBundle(options.functions[name], join(outdir, name));
    await Promise.all(
      names.map(async (name) => {
        lambdas[name] = await start(name);
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { lambdas, table, dynamodbEndpoint, s3, secrets, lambdaApi, sqs, pushQueue, start, stop };
}
