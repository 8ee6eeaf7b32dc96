/** The figures `npm run bench -- --json FILE` writes, with exactly these keys (issue 10). */
export const RESULT_KEYS = [
  'render_incremental_ratio',
  'render_cold_ratio',
  'freshness_p50_ms',
  'freshness_p90_ms',
  'freshness_p90_ms_16_senders',
  'ingest_rate_ratio',
  'publish_100k_ratio',
  'init_ratio_ingest',
  'init_ratio_publish',
  // Not in issue 10's list: the API's Lambda authorizer, measured the same way.
  'init_ratio_authorizer',
  'star_200_regions_publish_ms',
  'star_200_regions_renders',
  'star_200_regions_writes',
  // Issue 20: breaking news at group scale (bench/peak-bench.ts).
  'peak_lag_p50_ms',
  'peak_lag_p99_ms',
  'peak_drain_s',
  'renders_per_feed_story_peak',
  'writes_per_feed_story_steady',
  'cas_retries_peak',
  'cost_per_million_wire_usd',
  'cost_per_million_local_usd',
  'cost_per_million_star150_usd',
  // Issue 19: quiet desks' p90 POST latency alone and beside one credential flooding past its limit.
  'fairness_p90_ms_alone',
  'fairness_p90_ms_flooded',
  'fairness_p90_ratio',
  // Issue 19: GET of a story outside the caller's scope against an unknown id (same 404).
  'oracle_p50_ms_hidden',
  'oracle_p50_ms_unknown',
  'oracle_p50_ratio',
  // Issue 23: the local audience counting's cost to a feed GET, and the log counting's speed.
  'stats_feed_get_p90_ms_counting',
  'stats_feed_get_p90_ms_plain',
  'stats_overhead_p90_ratio',
  'stats_log_lines_per_s',
] as const;

export type ResultKey = (typeof RESULT_KEYS)[number];
export type Results = Partial<Record<ResultKey, number>>;

/** One JSON object with every key; a figure that could not be measured is null. */
export function resultsJson(results: Results): string {
  const entries = RESULT_KEYS.map((key) => {
    const value = results[key];
    return [key, value === undefined || !Number.isFinite(value) ? null : round(value)];
  });
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
