import type { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDbAudienceStore } from '../adapters/audience/dynamodb-audience-store.js';
import { DynamoDbDailyKeys } from '../adapters/audience/dynamodb-daily-keys.js';
import type { LogProcessorDeps } from '../adapters/audience/log-processor.js';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.js';
import type { LogProcessorConfig } from '../log-processor-config.js';

/** The log processor's parts, built once per execution environment. */
export function buildLogProcessorDeps(config: LogProcessorConfig): LogProcessorDeps {
  const client = createDocumentClient(createDynamoDbClient({ region: config.awsRegion }));
  const s3 = new S3Client({ region: config.awsRegion });
  return {
    readObject: async (bucket, key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body as Readable;
    },
    audience: new DynamoDbAudienceStore({ client, tableName: config.statsTableName }),
    keys: new DynamoDbDailyKeys({
      client,
      tableName: config.keysTableName,
      clock: { now: () => new Date() },
    }),
    log: new Logger({ serviceName: 'dateline-logs', logLevel: config.logLevel as 'INFO' }),
  };
}
