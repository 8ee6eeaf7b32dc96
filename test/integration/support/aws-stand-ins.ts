import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver checks request signatures against these (its fixed pair); give them to every client. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalS3 {
  /** For `AWS_ENDPOINT_URL_S3`: an IP address, so the SDK uses path-style URLs. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * A local S3 for the feeds bucket: s3rver, an S3 emulator over real HTTP (signed requests,
 * objects with ETags, Last-Modified and user metadata, NoSuchKey and 404 HEAD answers), storing
 * into a temporary directory. It ignores conditional writes (If-Match, If-None-Match), so it
 * shows what a publish writes, not how it resolves a race.
 */
export async function startLocalS3(bucket: string): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'dateline-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface SecretsManagerStandIn {
  /** For `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly endpoint: string;
  /** The secret ids GetSecretValue was asked for, in order. */
  readonly requests: string[];
  stop(): Promise<void>;
}

/**
 * A stand-in for Secrets Manager, which no local service provides: it answers GetSecretValue
 * (AWS JSON 1.1) for one secret id with its string, and ResourceNotFoundException for any other
 * id. It checks no signature.
 */
export async function startSecretsManager(
  secretId: string,
  secretString: string,
): Promise<SecretsManagerStandIn> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const asked = (JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '';
      requests.push(asked);
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || asked !== secretId) {
        response.statusCode = 400;
        response.end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: `Secrets Manager can't find the specified secret (${String(target)} ${asked})`,
          }),
        );
        return;
      }
      response.end(
        JSON.stringify({
          ARN: secretId,
          Name: 'ApiToken',
          SecretString: secretString,
          VersionId: '00000000-0000-4000-8000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_780_000_000,
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}

export interface SqsStandIn {
  /** A FIFO queue URL on the stand-in (the SQS client sends to the queue URL's host). */
  readonly queueUrl: string;
  /** Takes the messages sent so far, as Lambda's SQS event source would hand them over. */
  take(): Array<{ messageId: string; body: string; groupId: string; deduplicationId: string }>;
  stop(): Promise<void>;
}

/**
 * A stand-in for SQS, which no local service here provides: it answers SendMessageBatch and
 * SendMessage (AWS JSON 1.0) by keeping the messages, with the MD5 of each body the SDK checks. It checks no
 * signature and does not deduplicate: the per-feed queue's semantics are tested elsewhere.
 */
export async function startSqs(): Promise<SqsStandIn> {
  let sent: ReturnType<SqsStandIn['take']> = [];
  let next = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      const target = request.headers['x-amz-target'];
      if (target === 'AmazonSQS.SendMessage') {
        // One message (the render function's partner push notifier).
        const { MessageBody } = JSON.parse(body) as { MessageBody: string };
        const messageId = `m-${++next}`;
        sent.push({ messageId, body: MessageBody, groupId: '', deduplicationId: '' });
        const md5 = createHash('md5').update(MessageBody).digest('hex');
        response.end(JSON.stringify({ MessageId: messageId, MD5OfMessageBody: md5 }));
        return;
      }
      if (target !== 'AmazonSQS.SendMessageBatch') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'InvalidAction', message: 'not stood in' }));
        return;
      }
      const input = JSON.parse(body) as {
        Entries: Array<{
          Id: string;
          MessageBody: string;
          MessageGroupId: string;
          MessageDeduplicationId: string;
        }>;
      };
      const Successful = input.Entries.map((entry) => {
        const messageId = `m-${++next}`;
        sent.push({
          messageId,
          body: entry.MessageBody,
          groupId: entry.MessageGroupId,
          deduplicationId: entry.MessageDeduplicationId,
        });
        const md5 = createHash('md5').update(entry.MessageBody).digest('hex');
        return { Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5 };
      });
      response.end(JSON.stringify({ Successful, Failed: [] }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    queueUrl: `http://127.0.0.1:${port}/000000000000/dateline-feeds.fifo`,
    take: () => {
      const taken = sent;
      sent = [];
      return taken;
    },
    stop: () => new Promise((done) => server.close(() => done())),
  };
}

export interface LambdaInvokeStandIn {
  /** For `AWS_ENDPOINT_URL_LAMBDA`. */
  readonly endpoint: string;
  /** Every Invoke received: the function named in the path, its invocation type and payload. */
  readonly invocations: Array<{ functionName: string; type: string; payload: unknown }>;
  stop(): Promise<void>;
}

/**
 * A stand-in for Lambda's Invoke API (REST, `POST /2015-03-31/functions/{name}/invocations`):
 * it records each call and answers an asynchronous one (`X-Amz-Invocation-Type: Event`) with
 * 202, as Lambda does once it has queued the event. It checks no signature and runs nothing.
 */
export async function startLambdaInvoke(): Promise<LambdaInvokeStandIn> {
  const invocations: LambdaInvokeStandIn['invocations'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (request.method !== 'POST' || !match) {
        response.statusCode = 404;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ Type: 'User', message: 'not an Invoke' }));
        return;
      }
      invocations.push({
        functionName: decodeURIComponent(match[1] ?? ''),
        type,
        payload: body ? JSON.parse(body) : undefined,
      });
      response.statusCode = type === 'Event' ? 202 : 200;
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}
