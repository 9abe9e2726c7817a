/**
 * The headline metrics of scenario runs, one value per variant: what
 * `clusterlab scenario` prints and writes to comparison.csv. Pure.
 */
import { minOf } from '../../sim/arrays.ts';

type Json = Record<string, any>;

const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
/** Batch measures only when there are batch jobs, configuration ones only when configuration is managed. */
const batch = (s: Json, f: (s: Json) => number) => (s.dynamics.recovery.batch_jobs > 0 ? f(s) : null);
const config = (s: Json, f: (s: Json) => number | null) => (s.dynamics.config.enabled ? f(s) : null);

/** [column, description, value from a summary.json object]. */
export const HEADLINE: readonly [string, string, (s: Json) => number | null][] = [
  ['node_availability', 'node availability (time not failed / fleet time)', (s) => s.dynamics.nodes.availability],
  ['node_failures', 'node failures', (s) => s.dynamics.nodes.failures],
  ['mttr_observed_s', 'MTTR observed: failure to node ready again, s', (s) => s.dynamics.nodes.mttr_observed],
  ['mean_time_to_detect_s', 'mean time to detect a failure, s', (s) => s.dynamics.nodes.mean_time_to_detect],
  ['capacity_lost_cpu', 'cpu capacity lost to failures (fraction of fleet capacity)', (s) => s.dynamics.nodes.capacity_lost.cpu ?? null],
  ['batch_jobs_finished', 'batch jobs finished', (s) => batch(s, (s) => s.metrics.jobs_finished)],
  ['batch_mean_wait_s', 'mean wait of batch jobs that ran, s', (s) => batch(s, (s) => s.metrics.mean_wait)],
  ['jobs_interrupted', 'batch jobs interrupted', (s) => batch(s, (s) => s.dynamics.recovery.jobs_interrupted)],
  ['jobs_restarted', 'batch job restarts (attempts - 1)', (s) => batch(s, (s) => s.dynamics.recovery.jobs_restarted)],
  ['work_lost_cpu_h', 'batch work lost, cpu-hours', (s) => batch(s, (s) => s.dynamics.recovery.work_lost_cpu_seconds / 3600)],
  ['mean_time_to_recover_s', 'mean time from interruption to running again, s', (s) => batch(s, (s) => s.dynamics.recovery.mean_time_to_recover)],
  ['service_availability', 'mean service availability (time with the required replicas ready)', (s) => (s.dynamics.services_total.services > 0 ? s.dynamics.services_total.mean_availability : null)],
  ['request_success_ratio', 'requests served / offered', (s) => (s.dynamics.services_total.services > 0 ? s.dynamics.services_total.request_success_ratio : null)],
  ['slo_violation_min', 'SLO violation minutes (all services)', (s) => s.dynamics.services_total.slo_violation_minutes],
  ['mean_latency_ms', 'mean response time, ms', (s) => (s.dynamics.services_total.services > 0 ? 1000 * s.dynamics.services_total.mean_latency : null)],
  ['replica_scale_events', 'replica scale-ups + scale-downs', (s) => s.dynamics.autoscaling.replica_scale_ups + s.dynamics.autoscaling.replica_scale_downs],
  ['mean_nodes', 'mean nodes in the fleet', (s) => s.dynamics.nodes.mean_nodes],
  ['max_nodes', 'most nodes in the fleet', (s) => s.dynamics.nodes.max_nodes],
  ['cost', 'cost (node-hours x price)', (s) => s.dynamics.nodes.cost],
  ['rollout_duration_s', 'mean rollout duration, s', (s) => mean(s.dynamics.rollouts.filter((r: Json) => r.duration !== null).map((r: Json) => r.duration))],
  ['rollout_min_available', 'fewest available replicas during rollouts', (s) => (s.dynamics.rollouts.length > 0 ? minOf(s.dynamics.rollouts.map((r: Json) => r.min_available)) : null)],
  ['off_config_fraction', 'mean fraction of nodes off the desired configuration', (s) => config(s, (s) => s.dynamics.config.mean_off_config_fraction)],
  ['time_to_converge_s', 'mean time for a configuration change to reach every node, s', (s) => config(s, (s) => mean(s.dynamics.config.changes.filter((c: Json) => c.time_to_converge !== null).map((c: Json) => c.time_to_converge)))],
];

export function headlineOf(summary: Json): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [name, , f] of HEADLINE) {
    const v = f(summary);
    out[name] = v === null || v === undefined || Number.isNaN(v) ? null : v;
  }
  return out;
}
