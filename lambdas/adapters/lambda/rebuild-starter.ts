import type { LambdaClient } from '@aws-sdk/client-lambda';

/** What the publisher's handler takes as a rebuild (see PublishEvent). */
const REBUILD_PAYLOAD = JSON.stringify({ source: 'dateline.rebuild' });

/**
 * Starts the publisher's full rebuild with an asynchronous invoke (`InvocationType: Event`):
 * Lambda queues it and answers 202 at once, so `POST /rebuild` never waits for a rebuild that
 * can outlast the API's timeout. The Lambda client (and its SDK package) is loaded on the first
 * rebuild, not at cold start: most ingest environments never start one.
 */
export function createRebuildStarter(options: {
  readonly region: string;
  readonly functionName: string;
}): () => Promise<void> {
  let client:
    | Promise<{
        client: LambdaClient;
        invoke: typeof import('@aws-sdk/client-lambda').InvokeCommand;
      }>
    | undefined;
  return async () => {
    client ??= import('@aws-sdk/client-lambda').then((sdk) => ({
      client: new sdk.LambdaClient({ region: options.region }),
      invoke: sdk.InvokeCommand,
    }));
    const { client: lambda, invoke } = await client;
    await lambda.send(
      new invoke({
        FunctionName: options.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(REBUILD_PAYLOAD),
      }),
    );
  };
}
