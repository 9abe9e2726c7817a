/**
 * The unit of every metric, by name: the one table that `compare` (its metric
 * column), `clusterlab schema --metrics` and the browser app's axes read.
 * Metric names stay as runs.csv and summary.json have always written them
 * (`mean_wait`, `throughput`), so old results directories read the same; the
 * unit is looked up here instead of being spelled into some names and not
 * others. Rules are tried in order; the first whose pattern matches wins.
 * Pure: no Node imports (the browser app imports it).
 */

export interface MetricUnitRule {
  /** The unit as printed after a metric's name: `mean_wait (s)`. */
  unit: string;
  /** Which metrics it applies to, in words, for `clusterlab schema --metrics`. */
  appliesTo: string;
  pattern: RegExp;
}

export const METRIC_UNIT_RULES: readonly MetricUnitRule[] = [
  { unit: 'fraction', appliesTo: 'utilization_*, *availability*, *fraction*, *_ratio, nodes_capacity_lost_* (0 to 1; the app shows percent)', pattern: /^utilization|availability|fraction|_ratio$|^nodes_capacity_lost_(?!resource)/ },
  { unit: '%', appliesTo: 'gpu_allocation_at_demand_* (percent of the cluster GPU capacity)', pattern: /^gpu_allocation_at_demand/ },
  { unit: 'min', appliesTo: '*_minutes*, *slo_minutes, *slo_violation_minutes', pattern: /_minutes|slo_minutes/ },
  { unit: 'cpu-seconds', appliesTo: '*cpu_seconds*', pattern: /cpu_seconds/ },
  { unit: 'processor-seconds', appliesTo: '*lost_work*', pattern: /lost_work/ },
  { unit: 'resource-hours', appliesTo: '*resource_hours*', pattern: /resource_hours/ },
  { unit: 'node-hours', appliesTo: '*node_hours*', pattern: /node_hours/ },
  { unit: 's', appliesTo: 'waits, responses, makespan, mttr, downtime, outages\' durations, *_time, time_to_*, latency, duration', pattern: /wait|response|makespan|mttr|downtime|_outage$|time_between|_time$|time_to_|latency|duration/ },
  { unit: 'jobs/h', appliesTo: 'throughput', pattern: /throughput/ },
  { unit: 'cost units', appliesTo: '*cost*', pattern: /cost/ },
  { unit: 'jobs', appliesTo: 'jobs_*', pattern: /^jobs_/ },
  { unit: '1', appliesTo: 'slowdowns (a ratio of times), counts such as *_outages, *_failures', pattern: /slowdown|outages$|failures$|_count$/ },
];

/** The unit of a metric, or null when no rule names one. */
export function metricUnitOf(metric: string): string | null {
  for (const rule of METRIC_UNIT_RULES) if (rule.pattern.test(metric)) return rule.unit;
  return null;
}

/** `mean_wait (s)`; a metric without a unit, or whose unit is a pure number, as it is. */
export function metricWithUnit(metric: string): string {
  const unit = metricUnitOf(metric);
  return unit === null || unit === '1' ? metric : `${metric} (${unit})`;
}

/** The table `clusterlab schema --metrics` prints. */
export function metricUnitsText(): string {
  const width = METRIC_UNIT_RULES.reduce((w, r) => Math.max(w, r.unit.length), 0);
  const lines = METRIC_UNIT_RULES.map((r) => `${r.unit.padEnd(width)}  ${r.appliesTo}`);
  return `Units of the metrics in runs.csv, summary.json and compare (first matching rule):\n${lines.join('\n')}\nAny other metric has no unit.\n`;
}
