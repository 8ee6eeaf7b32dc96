import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** performance.now() when the body had arrived. */
  readonly at: number;
}

export interface PushReceiver {
  readonly url: string;
  readonly received: ReceivedPush[];
  /** The status the next request gets; @default 204 */
  answer(status: (request: number) => number): void;
  close(): Promise<void>;
}

/** A partner endpoint on 127.0.0.1: records every request, answers what the test says. */
export async function startPushReceiver(): Promise<PushReceiver> {
  const received: ReceivedPush[] = [];
  let status: (request: number) => number = () => 204;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks),
        at: performance.now(),
      });
      response.writeHead(status(received.length));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dateline-push`,
    received,
    answer: (next) => {
      status = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
