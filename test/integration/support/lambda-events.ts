import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEventV2,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { STORY_SK } from '../../../lambdas/adapters/dynamodb/story-item.js';
import { toLambdaRecord } from '../../../lambdas/local/stream-records.js';
import type { TestTable } from './dynamodb.js';

const API_ID = 'a1b2c3d4e5';
const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The route as the API declares it, e.g. `/stories/{id}`. */
  readonly route: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

function rawPathOf(call: HttpCall): string {
  return call.route.replace(/\{(\w+)\}/g, (_all, name: string) =>
    encodeURIComponent(call.pathParameters?.[name] ?? ''),
  );
}

function requestContext(call: HttpCall) {
  const now = new Date();
  return {
    accountId: '123456789012',
    apiId: API_ID,
    domainName: DOMAIN,
    domainPrefix: API_ID,
    http: {
      method: call.method,
      path: rawPathOf(call),
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.7',
      userAgent: 'dateline-bundle-test',
    },
    requestId: randomUUID(),
    routeKey: `${call.method} ${call.route}`,
    stage: '$default',
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  };
}

function headersOf(call: HttpCall): Record<string, string> {
  return {
    host: DOMAIN,
    'user-agent': 'dateline-bundle-test',
    'x-forwarded-proto': 'https',
    ...(call.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(call.body)) }),
    ...call.headers,
  };
}

/**
 * What API Gateway (HTTP API, payload 2.0) gives the ingest Lambda once the Lambda authorizer
 * approved the request: its context under `requestContext.authorizer.lambda`.
 */
export function apiEvent(
  call: HttpCall,
  authorizerContext: Record<string, unknown>,
): APIGatewayProxyEventV2 {
  const query = new URLSearchParams(call.query).toString();
  return {
    version: '2.0',
    routeKey: `${call.method} ${call.route}`,
    rawPath: rawPathOf(call),
    rawQueryString: query,
    headers: headersOf(call),
    ...(call.query ? { queryStringParameters: call.query } : {}),
    ...(call.pathParameters ? { pathParameters: call.pathParameters } : {}),
    requestContext: { ...requestContext(call), authorizer: { lambda: authorizerContext } },
    ...(call.body === undefined ? {} : { body: call.body }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** What API Gateway gives the Lambda authorizer (payload 2.0, identity source: Authorization). */
export function authorizerEvent(
  call: HttpCall,
  authorization: string,
): APIGatewayRequestAuthorizerEventV2 {
  const context = requestContext(call);
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:123456789012:${API_ID}/$default/${call.method}${rawPathOf(call)}`,
    identitySource: [authorization],
    routeKey: context.routeKey,
    rawPath: context.http.path,
    rawQueryString: '',
    cookies: [],
    headers: { ...headersOf(call), authorization },
    requestContext: context,
    ...(call.pathParameters ? { pathParameters: call.pathParameters } : {}),
  } as APIGatewayRequestAuthorizerEventV2;
}

/**
 * Everything the table's stream holds, from DynamoDB Local's real stream, as one Lambda batch:
 * records converted by the same code local mode uses, and only those the stack's event source
 * filter lets through (story items, sort key `story`).
 */
export async function streamEventOf(
  table: TestTable,
  endpoint: string,
): Promise<DynamoDBStreamEvent> {
  const streams = new DynamoDBStreamsClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'dateline', secretAccessKey: 'dateline' },
  });
  try {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: table.streamArn }),
    );
    const Records = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: table.streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      while (ShardIterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
        const records = page.Records ?? [];
        Records.push(...records.map((r) => toLambdaRecord(r, table.streamArn, 'us-east-1')));
        // An open shard always hands back a next iterator: stop at the first empty page.
        ShardIterator = records.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    return { Records: Records.filter((r) => r.dynamodb?.Keys?.sk?.S === STORY_SK) };
  } finally {
    streams.destroy();
  }
}

/** Reads the table's stream as `streamEventOf` does, each call only the records not read before. */
export function streamReader(
  table: TestTable,
  endpoint: string,
): () => Promise<DynamoDBStreamEvent> {
  const delivered = new Set<string | undefined>();
  return async () => {
    const all = await streamEventOf(table, endpoint);
    const Records = all.Records.filter((record) => !delivered.has(record.eventID));
    for (const record of Records) delivered.add(record.eventID);
    return { Records };
  };
}
