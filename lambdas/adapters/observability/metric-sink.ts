import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricName } from './metric-names.js';

export type MetricUnit = 'Count' | 'Milliseconds';

/** Where handlers record metrics; Powertools Metrics on AWS, nothing in local mode. */
export interface MetricSink {
  add(name: MetricName, value: number, unit?: MetricUnit, dimension?: [string, string]): void;
}

export const noMetrics: MetricSink = { add: () => undefined };

/**
 * Buffers metrics in Powertools Metrics (flushed as EMF by `instrument()` after each
 * invocation). A metric with an extra dimension is written as its own EMF document so it never
 * changes the dimensions of the others, which the alarms match exactly.
 */
export function createMetricSink(metrics: Metrics): MetricSink {
  return {
    add(name, value, unit = 'Count', dimension) {
      metrics.addMetric(name, unit, value);
      if (dimension) {
        const single = metrics.singleMetric();
        single.addDimension(dimension[0], dimension[1]);
        single.addMetric(name, unit, value);
      }
    },
  };
}
