import { METRIC } from '../observability/metric-names.js';
import type { MetricSink } from '../observability/metric-sink.js';
import type { HttpResult } from './responses.js';

interface StoryAnswer {
  readonly status?: number;
  readonly story?: {
    readonly id?: string;
    readonly version?: number;
    readonly receivedAt?: string;
  };
  readonly error?: { readonly code?: string };
}

/**
 * Counts what an ingest answer says happened: each story stored, each refusal by its error
 * code (a batch answers per story), each 5xx. Returns the story fields a log line needs to be
 * followed to the publish that carries the same take (`storyId`, `version`, `receivedAt`).
 */
export function recordIngestOutcome(
  metrics: MetricSink,
  route: string,
  result: HttpResult,
): Record<string, unknown> {
  if (result.statusCode >= 500) {
    metrics.add(METRIC.ingestServerErrors, 1);
    return {};
  }
  const body = parse(result.body);
  if (result.statusCode >= 400) {
    metrics.add(METRIC.storiesRefused, 1, 'Count', ['reason', body.error?.code ?? 'unknown']);
    return {};
  }
  const answers = (body as { results?: StoryAnswer[] }).results;
  if (Array.isArray(answers)) {
    for (const answer of answers) {
      if ((answer.status ?? 500) < 400) metrics.add(METRIC.storiesIngested, 1);
      else
        metrics.add(METRIC.storiesRefused, 1, 'Count', ['reason', answer.error?.code ?? 'unknown']);
    }
    return { stories: answers.length };
  }
  if (route.startsWith('POST ')) metrics.add(METRIC.storiesIngested, 1);
  const story = body.story;
  return story ? { storyId: story.id, version: story.version, receivedAt: story.receivedAt } : {};
}

function parse(body: unknown): StoryAnswer {
  if (typeof body !== 'string') return {};
  try {
    return JSON.parse(body) as StoryAnswer;
  } catch {
    return {};
  }
}
