import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { routedKey } from '../../lambdas/local/browser-routing.js';
import {
  BROWSER_ROUTING_REQUEST_CODE,
  BROWSER_ROUTING_RESPONSE_CODE,
} from '../../lib/constructs/browser-routing.js';
import { sharedStack } from './stack-fixture.js';

type Headers = Record<string, { value: string }>;

/** Runs the viewer-request function on a request, as CloudFront would; returns the new URI. */
function route(uri: string, headers: Headers): string {
  const handler = runInNewContext(`${BROWSER_ROUTING_REQUEST_CODE}; handler`) as (e: unknown) => {
    uri: string;
  };
  return handler({ request: { uri, headers } }).uri;
}

const TAB = {
  'sec-fetch-dest': { value: 'document' },
  accept: { value: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
};
const CASES: Array<[string, Headers, string]> = [
  ['/feeds/okanagan/wire.rss', TAB, '/feeds/okanagan/wire.html'],
  ['/feeds/interior-sports/local.atom', TAB, '/feeds/interior-sports/local.html'],
  ['/feeds/okanagan/wire.json', TAB, '/feeds/okanagan/wire.json'],
  ['/feeds/okanagan/wire/archive/2.rss', TAB, '/feeds/okanagan/wire/archive/2.rss'],
  ['/feeds/okanagan/wire.rss', {}, '/feeds/okanagan/wire.rss'],
  [
    '/feeds/okanagan/wire.rss',
    { 'sec-fetch-dest': { value: 'empty' } },
    '/feeds/okanagan/wire.rss',
  ],
  [
    '/feeds/okanagan/wire.rss',
    { 'sec-fetch-dest': { value: 'document' }, accept: { value: 'application/rss+xml' } },
    '/feeds/okanagan/wire.rss',
  ],
];

describe('browser routing (CloudFront and the local server)', () => {
  it.each(CASES)('routes %s as the rule says', (uri, headers, expected) => {
    expect(route(uri, headers)).toBe(expected);
  });

  it.each(CASES)('routes %s the same way in the local server', (uri, headers, expected) => {
    const plain = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.value]));
    expect(`/${routedKey(uri.slice(1), plain)}`).toBe(expected);
  });

  it('adds Vary to feed responses so caches keep tabs and readers apart', () => {
    const handler = runInNewContext(`${BROWSER_ROUTING_RESPONSE_CODE}; handler`) as (
      e: unknown,
    ) => { headers: Headers };
    const respond = (uri: string) => handler({ request: { uri }, response: { headers: {} } });

    expect(respond('/feeds/okanagan/wire.rss').headers.vary?.value).toBe('Accept, Sec-Fetch-Dest');
    expect(respond('/pages/x.html').headers.vary).toBeUndefined();
  });

  it('runs before the cache on viewer requests and after it on viewer responses', () => {
    const template = sharedStack('dev').template;
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: BROWSER_ROUTING_REQUEST_CODE,
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
      distribution.Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations.map(
        (a) => a.EventType,
      ),
    ).toEqual(['viewer-request', 'viewer-response']);
  });
});
