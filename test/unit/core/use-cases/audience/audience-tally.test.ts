import { describe, expect, it } from 'vitest';
import {
  AudienceTally,
  type FetchRecord,
} from '../../../../../lambdas/core/use-cases/audience/audience-tally.js';
import { clientHash } from '../../../../../lambdas/core/use-cases/audience/client-hash.js';

const KEY = new Uint8Array(32).fill(7);
const at = (time: string) => new Date(`2026-12-05T${time}Z`);
const fetchOf = (over: Partial<FetchRecord>): FetchRecord => ({
  at: at('10:00:00'),
  method: 'GET',
  path: '/feeds/okanagan/wire.rss',
  status: 200,
  bytes: 1000,
  address: '198.51.100.7',
  userAgent: 'OrchardReader/1.0',
  ...over,
});

function tally() {
  return new AudienceTally((_day, address, userAgent) => clientHash(KEY, address, userAgent));
}

describe('AudienceTally', () => {
  it('counts fetches, 304s, bytes and distinct clients per feed and day', () => {
    const t = tally();
    t.add(fetchOf({}));
    t.add(fetchOf({ status: 304, bytes: 0 }));
    t.add(fetchOf({ userAgent: 'OrchardReader/1.1' }));
    t.add(fetchOf({ address: '198.51.100.8' }));
    const [delta] = t.drain();

    expect(delta).toMatchObject({
      day: '2026-12-05',
      feed: 'okanagan/wire.rss',
      fetches: 4,
      notModified: 1,
      bytes: 3000,
    });
    expect(delta?.clients).toHaveLength(3);
  });

  it("keeps each hosted reader's latest count of the day, per feed id", () => {
    const t = tally();
    t.add(fetchOf({ at: at('11:00:00'), userAgent: 'Feedly/1.0 (x; 462 subscribers; )' }));
    t.add(fetchOf({ at: at('09:00:00'), userAgent: 'Feedly/1.0 (x; 500 subscribers; )' }));
    t.add(fetchOf({ userAgent: 'Feedbin feed-id:1 - 3 subscribers' }));
    t.add(fetchOf({ userAgent: 'Feedbin feed-id:2 - 4 subscribers' }));
    const [delta] = t.drain();

    expect(delta?.clients).toEqual([]);
    expect(delta?.readers.map((r) => [r.key, r.subscribers])).toEqual([
      ['Feedly', 462],
      ['Feedbin#1', 3],
      ['Feedbin#2', 4],
    ]);
  });

  it('splits days at UTC midnight and feeds by format', () => {
    const t = tally();
    t.add(fetchOf({ at: new Date('2026-12-05T23:59:59Z') }));
    t.add(fetchOf({ at: new Date('2026-12-06T00:00:00Z') }));
    t.add(fetchOf({ path: '/feeds/okanagan/wire.atom' }));

    expect(t.drain().map((d) => `${d.day} ${d.feed}`)).toEqual([
      '2026-12-05 okanagan/wire.rss',
      '2026-12-06 okanagan/wire.rss',
      '2026-12-05 okanagan/wire.atom',
    ]);
  });

  it('ignores what is no feed fetch: HEAD, errors, pages and views', () => {
    const t = tally();

    expect(t.add(fetchOf({ method: 'HEAD' }))).toBe(false);
    expect(t.add(fetchOf({ status: 404 }))).toBe(false);
    expect(t.add(fetchOf({ path: '/feeds/okanagan/wire.html' }))).toBe(false);
    expect(t.empty).toBe(true);
  });

  it('counts fetches but no client when the day has no key', () => {
    const t = new AudienceTally(() => undefined);
    t.add(fetchOf({}));

    expect(t.drain()).toMatchObject([{ fetches: 1, clients: [] }]);
  });

  it('starts afresh after a drain', () => {
    const t = tally();
    t.add(fetchOf({}));
    t.drain();

    expect(t.drain()).toEqual([]);
  });
});

describe('clientHash', () => {
  it('is the same for a client within a day and differs under another day key', () => {
    const other = new Uint8Array(32).fill(8);
    const a = clientHash(KEY, '198.51.100.7', 'OrchardReader/1.0');

    expect(clientHash(KEY, '198.51.100.7', 'OrchardReader/1.0')).toBe(a);
    expect(clientHash(other, '198.51.100.7', 'OrchardReader/1.0')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
  });
});
