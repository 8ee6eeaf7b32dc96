import { Duration } from 'aws-cdk-lib';
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

/**
 * The Content-Security-Policy of the HTML pages (the feed directory and any page view): their
 * own inline styles and images from anywhere over HTTPS; no scripts, frames, forms or plugins.
 * Added by the viewer-response function to `text/html` answers only: a feed is data, and a
 * policy on it could stop a browser applying the feed's stylesheet.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every answer of the feed site: CORS for browser-based feed readers (GET and HEAD
 * from any origin, no credentials), HSTS for two years, `X-Content-Type-Options: nosniff` (feeds
 * are XML and JSON, never to be sniffed into HTML), no framing, and a referrer policy.
 */
export function createFeedResponseHeaders(scope: Construct, id: string): ResponseHeadersPolicy {
  return new ResponseHeadersPolicy(scope, id, {
    comment: 'Dateline feeds: CORS for feed readers, HSTS, nosniff, no framing',
    corsBehavior: {
      accessControlAllowOrigins: ['*'],
      accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
      accessControlAllowHeaders: ['*'],
      accessControlExposeHeaders: ['ETag', 'Last-Modified'],
      accessControlAllowCredentials: false,
      accessControlMaxAge: Duration.days(1),
      originOverride: true,
    },
    securityHeadersBehavior: {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    },
  });
}
