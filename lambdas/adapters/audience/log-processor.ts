import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { S3Event } from 'aws-lambda';
import type { AudienceStore } from '../../core/use-cases/audience/audience-report.js';
import { AudienceTally } from '../../core/use-cases/audience/audience-tally.js';
import { clientHash } from '../../core/use-cases/audience/client-hash.js';
import { CloudFrontLogParser } from './cloudfront-log.js';
import type { DailyKeys } from './daily-keys.js';

export interface LogProcessorDeps {
  /** The body of a log object (S3 GetObject's stream on AWS). */
  readonly readObject: (bucket: string, key: string) => Promise<Readable>;
  readonly audience: AudienceStore;
  readonly keys: DailyKeys & { discardOld?(): Promise<void> };
  readonly log: { info(message: string, ...extra: Record<string, unknown>[]): void };
}

export interface LogFileResult {
  readonly lines: number;
  readonly fetches: number;
  readonly feeds: number;
}

/**
 * Counts one gzipped CloudFront log file and writes its increments: everything the file holds
 * for a feed and day becomes one set of updates, so a file costs a few writes per feed it
 * touches, whatever its size.
 */
export async function countLogFile(
  deps: Pick<LogProcessorDeps, 'audience' | 'keys'>,
  body: Readable,
): Promise<LogFileResult> {
  const keys = new Map<string, Uint8Array | undefined>();
  const tally = new AudienceTally((day, address, userAgent) => {
    const key = keys.get(day);
    return key ? clientHash(key, address, userAgent) : undefined;
  });
  const parser = new CloudFrontLogParser();
  let lines = 0;
  let fetches = 0;
  const input = createInterface({ input: body.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of input) {
    lines += 1;
    const record = parser.parse(line);
    if (!record) continue;
    const day = record.at.toISOString().slice(0, 10);
    if (!keys.has(day)) keys.set(day, await deps.keys.keyFor(day));
    if (tally.add(record)) fetches += 1;
  }
  const deltas = tally.drain();
  await deps.audience.add(deltas);
  return { lines, fetches, feeds: deltas.length };
}

/** The log processor Lambda: each new log object (S3 event notification) counted once. */
export function createLogProcessorHandler(deps: LogProcessorDeps) {
  return async (event: S3Event): Promise<void> => {
    await deps.keys.discardOld?.();
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const result = await countLogFile(deps, await deps.readObject(bucket, key));
      deps.log.info('log file counted', { key, ...result });
    }
  };
}
