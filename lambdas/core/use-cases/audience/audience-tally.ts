import { classifyFeedRequest, feedFormatKey } from './feed-request.js';
import { parseHostedReader } from './hosted-reader.js';

/** One answered request, as the local server or a CDN log line saw it. */
export interface FetchRecord {
  readonly at: Date;
  readonly method: string;
  /** The path or file key served (`/feeds/okanagan/wire.rss`). */
  readonly path: string;
  readonly status: number;
  /** Body bytes sent. */
  readonly bytes: number;
  readonly address: string;
  readonly userAgent: string;
}

/** A hosted reader's latest report of the day for one feed. */
export interface ReaderReport {
  /** `Feedly`, or `Feedbin#1697787` when the service names its feed id. */
  readonly key: string;
  readonly reader: string;
  readonly feedId?: string;
  readonly subscribers: number;
  /** ISO instant of the report: a later one replaces an earlier one. */
  readonly at: string;
}

/** What one batch of requests adds to a feed's day; flushed as increments. */
export interface FeedDayDelta {
  readonly day: string;
  /** `okanagan/wire.rss`. */
  readonly feed: string;
  readonly fetches: number;
  readonly notModified: number;
  readonly bytes: number;
  /** Keyed hashes of the ordinary clients seen (each once). */
  readonly clients: readonly string[];
  readonly readers: readonly ReaderReport[];
}

/** Turns a client's address and User-Agent into that day's id; undefined when the day's key is gone. */
export type HashClient = (day: string, address: string, userAgent: string) => string | undefined;

interface Bucket {
  fetches: number;
  notModified: number;
  bytes: number;
  clients: Set<string>;
  readers: Map<string, ReaderReport>;
}

/** The answers that delivered (or confirmed) a feed: a full body, a range, or a 304. */
const COUNTED_STATUS = new Set([200, 206, 304]);

/**
 * Counts feed fetches in memory, per feed and UTC day: fetches, 304s, bytes, distinct ordinary
 * clients (as keyed hashes only) and each hosted reader's latest subscriber count. Nothing of a
 * request is kept but those. `drain()` hands over what was counted since the last drain.
 */
export class AudienceTally {
  private buckets = new Map<string, Bucket>();
  private readonly hashClient: HashClient;

  constructor(hashClient: HashClient) {
    this.hashClient = hashClient;
  }

  /** Counts one request; false when it was not a counted feed fetch. */
  add(record: FetchRecord): boolean {
    if (record.method !== 'GET' || !COUNTED_STATUS.has(record.status)) return false;
    const target = classifyFeedRequest(record.path);
    if (!target) return false;
    const day = record.at.toISOString().slice(0, 10);
    const bucket = this.bucketFor(day, feedFormatKey(target));
    bucket.fetches += 1;
    if (record.status === 304) bucket.notModified += 1;
    bucket.bytes += record.bytes;
    const hosted = parseHostedReader(record.userAgent);
    if (hosted) {
      const key = hosted.feedId ? `${hosted.reader}#${hosted.feedId}` : hosted.reader;
      const at = record.at.toISOString();
      const seen = bucket.readers.get(key);
      if (!seen || seen.at <= at) bucket.readers.set(key, { key, ...hosted, at });
    } else {
      const client = this.hashClient(day, record.address, record.userAgent);
      if (client) bucket.clients.add(client);
    }
    return true;
  }

  /** True when nothing was counted since the last drain. */
  get empty(): boolean {
    return this.buckets.size === 0;
  }

  /** Everything counted since the last drain, and a fresh start. */
  drain(): FeedDayDelta[] {
    const drained = [...this.buckets].map(([id, b]) => {
      const [day, feed] = id.split(' ') as [string, string];
      return {
        day,
        feed,
        fetches: b.fetches,
        notModified: b.notModified,
        bytes: b.bytes,
        clients: [...b.clients],
        readers: [...b.readers.values()],
      };
    });
    this.buckets = new Map();
    return drained;
  }

  private bucketFor(day: string, feed: string): Bucket {
    const id = `${day} ${feed}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { fetches: 0, notModified: 0, bytes: 0, clients: new Set(), readers: new Map() };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}
