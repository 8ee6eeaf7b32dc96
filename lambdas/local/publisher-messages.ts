import type { MetricName } from '../adapters/observability/metric-names.js';
import type { MetricUnit } from '../adapters/observability/metric-sink.js';
import type { SiteConfig } from '../core/site-config.js';
import type { FileRequest } from './local-instrument.js';

/** What the publisher's worker thread is started with (cloneable: no functions). */
export interface PublisherWorkerData {
  readonly endpoint: string;
  readonly tableName: string;
  readonly streamArn: string;
  readonly feedDir: string;
  readonly site: SiteConfig;
  readonly feedBaseUrl: string;
  readonly sweepIntervalMs: number;
  readonly sitemapIntervalMs: number;
  /** Whether to tell the main thread of every file request, capacity unit and metric. */
  readonly instrumented: boolean;
}

/** To the worker: each but `wake` is answered by a `done` with its id. */
export type ToPublisher =
  | { readonly kind: 'wake' }
  | { readonly kind: 'settle' | 'sweep' | 'rebuild' | 'stop'; readonly id: number };

export interface PlainError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** From the worker. */
export type FromPublisher =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: PlainError }
  | { readonly kind: 'done'; readonly id: number; readonly error?: PlainError }
  | {
      readonly kind: 'log';
      readonly level: 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields: Record<string, unknown>[];
    }
  /** The instrument's events since the last, sent once per turn of the worker's event loop. */
  | { readonly kind: 'instrument'; readonly events: readonly InstrumentEvent[] };

/** One file request, capacity count or metric the instrument saw (`instrumented` only). */
export type InstrumentEvent =
  | { readonly kind: 'file'; readonly request: FileRequest }
  | { readonly kind: 'capacity'; readonly capacity: 'read' | 'write'; readonly units: number }
  | {
      readonly kind: 'metric';
      readonly name: MetricName;
      readonly value: number;
      readonly unit?: MetricUnit;
    };

/** The niceness of the publisher's thread (Linux): the API's thread keeps the process's own. */
export const PUBLISHER_NICENESS = 10;
