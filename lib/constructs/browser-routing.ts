import { HTML_CONTENT_SECURITY_POLICY } from './feed-response-headers.js';

/**
 * CloudFront Functions (cloudfront-js-2.0) that show browser tabs the HTML view of a feed.
 *
 * Why routing and not a stylesheet: current Chromium has deprecated XSLT (it puts a removal
 * banner over XSLT-styled pages and is taking XSLT out), so an XSLT page for feeds is on its
 * way out; a CSS stylesheet on the XML can style elements but cannot make links clickable or
 * show a wire body (it is escaped text in the XML). Chromium (since 80) and Firefox (since 90)
 * send `Sec-Fetch-Dest: document` and an `Accept` that lists `text/html` on a top-level
 * navigation; feed readers send neither (a browser-based reader's fetch() is `empty`). So a
 * navigation to `/feeds/{feed}/{channel}.rss|.atom` is answered with the pre-rendered
 * `/feeds/{feed}/{channel}.html` while the address bar keeps the feed URL, ready to copy into
 * a reader; everyone else gets the feed's bytes untouched.
 *
 * The viewer-request function rewrites the URI before the cache, so the cache key is the HTML
 * view's own; the viewer-response function adds `Vary` so no shared or browser cache hands a
 * reader the page or a tab the XML. The local server applies the same rule
 * (lambdas/local/browser-routing.ts), checked against the same cases in the tests.
 */
export const BROWSER_ROUTING_REQUEST_CODE = `function handler(event) {
  var request = event.request;
  var dest = request.headers['sec-fetch-dest'];
  var accept = request.headers['accept'];
  if (dest && dest.value === 'document' && accept && accept.value.indexOf('text/html') !== -1) {
    var match = /^\\/feeds\\/([a-z0-9-]+)\\/(local|wire)\\.(rss|atom)$/.exec(request.uri);
    if (match) request.uri = '/feeds/' + match[1] + '/' + match[2] + '.html';
  }
  return request;
}`;

/** The viewer-response function: `Vary` on feed URLs, and HTML pages' Content-Security-Policy. */
export const BROWSER_ROUTING_RESPONSE_CODE = `function handler(event) {
  var response = event.response;
  var type = response.headers['content-type'];
  if (type && /^text\\/html/.test(type.value)) {
    response.headers['content-security-policy'] = { value: ${JSON.stringify(HTML_CONTENT_SECURITY_POLICY)} };
  }
  if (/^\\/feeds\\/[a-z0-9-]+\\/(local|wire)\\.(rss|atom|html)$/.test(event.request.uri)) {
    response.headers['vary'] = { value: 'Accept, Sec-Fetch-Dest' };
  }
  return response;
}`;
