// A partner's receiver of Dateline push notifications: plain Node, no dependencies.
//   PARTNER_SECRET=<the secret POST /partners answered> PORT=8080 node examples/partner-receiver/server.mjs
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { verifyNotification } from './verify.mjs';

const MAX_BODY_BYTES = 1_000_000;

/**
 * A receiver: 204 for a notification whose signature and timestamp hold (a delivery id seen
 * before is acknowledged again without acting twice), 401 for one that does not, 413 past
 * 1 MB. `onNotification` gets each new notification once.
 *
 * `secret` may be a function, read per request (a secret loaded or changed at run time).
 *
 * @param {{ secret: string | (() => string), onNotification?: (notification: unknown, delivery: string) => void,
 *   now?: () => Date }} options
 */
export function createReceiver(options) {
  const seen = new Set();
  return createServer((request, response) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (request.method !== 'POST') return answer(response, 405);
      if (size > MAX_BODY_BYTES) return answer(response, 413);
      const body = Buffer.concat(chunks);
      const check = verifyNotification({
        secret: typeof options.secret === 'function' ? options.secret() : options.secret,
        headers: request.headers,
        body,
        now: options.now?.(),
      });
      if (!check.ok) return answer(response, 401, check.reason);
      const delivery = String(request.headers['dateline-delivery'] ?? '');
      if (!seen.has(delivery)) {
        seen.add(delivery);
        options.onNotification?.(JSON.parse(body.toString('utf8')), delivery);
      }
      return answer(response, 204);
    });
  });
}

function answer(response, status, reason) {
  response.writeHead(status, reason ? { 'content-type': 'text/plain' } : {});
  response.end(reason);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.PARTNER_SECRET;
  if (!secret) {
    console.error('set PARTNER_SECRET to the secret POST /partners answered');
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 8080);
  createReceiver({
    secret,
    onNotification: (notification, delivery) => console.log(delivery, JSON.stringify(notification)),
  }).listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/`));
}
