// What the Lambda Node.js runtime does with a bundle, in a child process of its own: import
// `index.mjs` from the bundle's directory (init), then call its exported `handler(event, context)`
// once per invocation, one at a time. Plain JavaScript run by plain `node`, so nothing (no tsx,
// no node_modules above the bundle) helps the bundle load what it does not carry itself.
// Invocations come from the parent over the IPC channel; results and errors go back the same way
// (the bundle's own logs go to stdout and stderr, as on Lambda).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TIMEOUT_MS = Number(process.env.DATELINE_TEST_TIMEOUT_MS ?? 60_000);
const moduleUrl = pathToFileURL(join(process.cwd(), 'index.mjs')).href;

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack ?? '' }
    : { name: 'NonError', message: String(error), stack: '' };
}

function context() {
  const deadline = Date.now() + TIMEOUT_MS;
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `2026/11/30/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

let handler;
try {
  ({ handler } = await import(moduleUrl));
  if (typeof handler !== 'function') throw new Error(`${moduleUrl} exports no handler function`);
} catch (error) {
  // As Lambda does: the init error is logged, and the environment is not used.
  console.error(error);
  process.send?.({ type: 'init-error', error: describe(error) }, () => process.exit(1));
  await new Promise(() => {});
}

let queue = Promise.resolve();
process.on('message', (message) => {
  queue = queue.then(async () => {
    try {
      const result = await handler(message.event, context());
      process.send?.({ type: 'result', id: message.id, result });
    } catch (error) {
      process.send?.({ type: 'error', id: message.id, error: describe(error) });
    }
  });
});
process.send?.({ type: 'ready' });
