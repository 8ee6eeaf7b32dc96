import { runInNewContext } from 'node:vm';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BROWSER_CONTENT_TYPE_CODE } from '../../lib/constructs/feed-site.js';
import { buildStack } from './stack-fixture.js';

type Headers = Record<string, { value: string }>;

/** Runs the CloudFront Function's code on a viewer-response event, as CloudFront would. */
function respond(requestHeaders: Headers, contentType: string): string | undefined {
  const event = {
    request: { headers: requestHeaders },
    response: { headers: { 'content-type': { value: contentType } } },
  };
  const handler = runInNewContext(`${BROWSER_CONTENT_TYPE_CODE}; handler`) as (e: typeof event) => {
    headers: Headers;
  };
  return handler(event).headers['content-type']?.value;
}

describe('FeedSite browser content type', () => {
  it('serves RSS and Atom to a browser tab as application/xml so the stylesheet applies', () => {
    const tab = { 'sec-fetch-dest': { value: 'document' } };
    expect(respond(tab, 'application/rss+xml; charset=utf-8')).toBe(
      'application/xml; charset=utf-8',
    );
    expect(respond(tab, 'application/atom+xml; charset=utf-8')).toBe(
      'application/xml; charset=utf-8',
    );
  });

  it('leaves feed readers, JSON Feed and pages alone', () => {
    expect(respond({}, 'application/rss+xml; charset=utf-8')).toBe(
      'application/rss+xml; charset=utf-8',
    );
    const tab = { 'sec-fetch-dest': { value: 'document' } };
    expect(respond(tab, 'application/feed+json; charset=utf-8')).toBe(
      'application/feed+json; charset=utf-8',
    );
    expect(respond(tab, 'text/html; charset=utf-8')).toBe('text/html; charset=utf-8');
  });

  it('runs on every viewer response of the feed distribution', () => {
    const template = Template.fromStack(buildStack('dev'));
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      FunctionCode: BROWSER_CONTENT_TYPE_CODE,
    });
    const distribution = Object.values(
      template.findResources('AWS::CloudFront::Distribution'),
    )[0] as {
      Properties: {
        DistributionConfig: {
          DefaultCacheBehavior: { FunctionAssociations: Array<{ EventType: string }> };
        };
      };
    };
    expect(
      distribution.Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations,
    ).toEqual([expect.objectContaining({ EventType: 'viewer-response' })]);
  });
});
