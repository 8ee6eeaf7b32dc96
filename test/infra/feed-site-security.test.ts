import { runInNewContext } from 'node:vm';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BROWSER_ROUTING_RESPONSE_CODE } from '../../lib/constructs/browser-routing.js';
import { HTML_CONTENT_SECURITY_POLICY } from '../../lib/constructs/feed-response-headers.js';
import { buildStack, sharedStack } from './stack-fixture.js';
import { onlyResource } from './template-helpers.js';

type Headers = Record<string, { value: string }>;

/** Runs the viewer-response CloudFront Function as CloudFront would; returns the headers. */
function respond(contentType: string): Headers {
  const event = {
    request: { uri: '/pages/a-story.html', headers: {} },
    response: { headers: { 'content-type': { value: contentType } } },
  };
  const handler = runInNewContext(`${BROWSER_ROUTING_RESPONSE_CODE}; handler`) as (
    e: typeof event,
  ) => {
    headers: Headers;
  };
  return handler(event).headers;
}

function distributionConfig(template: Template): Record<string, unknown> {
  return onlyResource(template, 'AWS::CloudFront::Distribution').Properties
    .DistributionConfig as Record<string, unknown>;
}

describe('FeedSite security headers', () => {
  const template = sharedStack('dev').template;

  it('sends HSTS, nosniff and no-framing on every answer, with CORS for feed readers', () => {
    const policy = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy').Properties
      .ResponseHeadersPolicyConfig as Record<string, Record<string, Record<string, unknown>>>;
    expect(policy.SecurityHeadersConfig?.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      Override: true,
    });
    expect(policy.SecurityHeadersConfig?.ContentTypeOptions).toEqual({ Override: true });
    expect(policy.SecurityHeadersConfig?.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(policy.CorsConfig?.AccessControlAllowOrigins).toEqual({ Items: ['*'] });
    expect(policy.CorsConfig?.AccessControlAllowCredentials).toBe(false);
    const behavior = distributionConfig(template).DefaultCacheBehavior as Record<string, unknown>;
    expect(behavior.ResponseHeadersPolicyId).toEqual({
      Ref: Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0],
    });
  });

  it('gives HTML pages a Content-Security-Policy without scripts, and feeds none', () => {
    expect(respond('text/html; charset=utf-8')['content-security-policy']?.value).toBe(
      HTML_CONTENT_SECURITY_POLICY,
    );
    expect(HTML_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(HTML_CONTENT_SECURITY_POLICY).not.toContain('script-src');
    expect(
      respond('application/feed+json; charset=utf-8')['content-security-policy'],
    ).toBeUndefined();
    expect(
      respond('application/rss+xml; charset=utf-8')['content-security-policy'],
    ).toBeUndefined();
  });

  it("answers a missing object with the publisher's 404.html, as a 404, cached 5 s", () => {
    const config = distributionConfig(sharedStack('dev').template);

    expect(config.CustomErrorResponses).toEqual(
      [403, 404].map((code) => ({
        ErrorCode: code,
        ResponseCode: 404,
        ResponsePagePath: '/404.html',
        ErrorCachingMinTTL: 5,
      })),
    );
  });

  it('requires TLS 1.2 or later on a custom feed domain', () => {
    const stack = buildStack('prod', {
      feedDomain: {
        name: 'feeds.news.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
    });
    const config = distributionConfig(Template.fromStack(stack));
    expect(config.Aliases).toEqual(['feeds.news.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(stack.feeds.baseUrl).toBe('https://feeds.news.example.com');
  });
});
