import { describe, expect, it } from 'vitest';
import { CloudFrontLogParser } from '../../../../lambdas/adapters/audience/cloudfront-log.js';

const FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';

/** A log line as CloudFront writes it (tab-separated, the User-Agent percent-encoded). */
function line(over: { status?: string; ua?: string; path?: string; len?: string; bytes?: string }) {
  return [
    '2026-12-05',
    '17:04:31',
    'YVR50-C1',
    over.bytes ?? '5120',
    '203.0.113.9',
    'GET',
    'd111111abcdef8.cloudfront.net',
    over.path ?? '/feeds/okanagan/wire.rss',
    over.status ?? '200',
    '-',
    over.ua ?? 'Feedly/1.0%20(+http://www.feedly.com/fetcher.html;%20462%20subscribers;%20)',
    '-',
    '-',
    'Hit',
    'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==',
    'feeds.example.com',
    'https',
    '180',
    '0.001',
    '-',
    'TLSv1.3',
    'TLS_AES_128_GCM_SHA256',
    'Hit',
    'HTTP/2.0',
    '-',
    '-',
    '51234',
    '0.001',
    'Hit',
    'application/rss+xml;%20charset=utf-8',
    over.len ?? '4800',
    '-',
    '-',
  ].join('\t');
}

describe('CloudFrontLogParser', () => {
  it('reads a feed fetch: time, status, body bytes, address and the decoded User-Agent', () => {
    const parser = new CloudFrontLogParser();
    parser.parse('#Version: 1.0');
    parser.parse(FIELDS);

    expect(parser.parse(line({}))).toEqual({
      at: new Date('2026-12-05T17:04:31Z'),
      method: 'GET',
      path: '/feeds/okanagan/wire.rss',
      status: 200,
      bytes: 4800,
      address: '203.0.113.9',
      userAgent: 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )',
    });
  });

  it('decodes a User-Agent CloudFront encoded twice', () => {
    const parsed = new CloudFrontLogParser().parse(
      line({ ua: 'Feedbin%2520feed-id:1%2520-%25202%2520subscribers' }),
    );

    expect(parsed?.userAgent).toBe('Feedbin feed-id:1 - 2 subscribers');
  });

  it('counts no body for a 304 and the whole answer when no Content-Length was logged', () => {
    const parser = new CloudFrontLogParser();

    expect(parser.parse(line({ status: '304', len: '-' }))?.bytes).toBe(0);
    expect(parser.parse(line({ len: '-', bytes: '2048' }))?.bytes).toBe(2048);
  });

  it('follows the columns a #Fields line names', () => {
    const parser = new CloudFrontLogParser();
    parser.parse('#Fields: cs-uri-stem sc-status date time c-ip cs-method cs(User-Agent) sc-bytes');
    const parsed = parser.parse(
      [
        '/feeds/shuswap/local.json',
        '200',
        '2026-12-05',
        '01:02:03',
        '2001:db8::1',
        'GET',
        'App/1',
        '77',
      ].join('\t'),
    );

    expect(parsed).toMatchObject({
      path: '/feeds/shuswap/local.json',
      bytes: 77,
      address: '2001:db8::1',
    });
  });

  it('skips other paths and broken lines', () => {
    const parser = new CloudFrontLogParser();

    expect(parser.parse(line({ path: '/pages/a.html' }))).toBeUndefined();
    expect(parser.parse('garbage\t/feeds/x')).toBeUndefined();
  });
});
