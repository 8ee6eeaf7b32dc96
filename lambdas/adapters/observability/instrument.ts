import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/**
 * Wraps a handler factory's function for Lambda: every log line carries the invocation's
 * context (request id, function, cold start), a cold start is counted, and the metrics the
 * handler buffered are flushed as EMF after it, even when it throws.
 */
export function instrument<E, R>(
  handler: (event: E) => Promise<R>,
  tools: { readonly logger: Logger; readonly metrics: Metrics },
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    tools.logger.addContext(context);
    tools.metrics.captureColdStartMetric();
    try {
      return await handler(event);
    } finally {
      if (tools.metrics.hasStoredMetrics()) tools.metrics.publishStoredMetrics();
    }
  };
}
