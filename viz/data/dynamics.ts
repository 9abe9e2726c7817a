/**
 * The metrics of dynamic runs (summary.json `dynamics` of a scenario run,
 * docs/dynamics.md "Metrics of dynamic runs") as run metrics, flattened with `_` like the
 * others: `nodes.availability` → `nodes_availability`,
 * `recovery.work_lost_cpu_seconds` → `recovery_work_lost_cpu_seconds`,
 * `services_total.slo_violation_minutes` → `services_total_slo_violation_minutes`.
 *
 * Per-service keys (`services.<name>.…`) are left out: a scenario may have
 * hundreds of services, and `services_total` sums them. Lists (`rollouts`,
 * `config.changes`) are events, not run metrics; the rollout view reads the
 * events.
 */
import { flattenNumbers } from './flatten.ts';

const GROUPS = ['nodes', 'recovery', 'services_total', 'autoscaling', 'config'];

export function dynamicsMetrics(summary: unknown): Record<string, number> {
  const dynamics = (summary as Record<string, unknown> | null)?.dynamics;
  if (!dynamics || typeof dynamics !== 'object') return {};
  const out: Record<string, number> = {};
  for (const g of GROUPS) {
    const v = (dynamics as Record<string, unknown>)[g];
    if (v && typeof v === 'object' && !Array.isArray(v)) flattenNumbers(v as Record<string, unknown>, g, out);
  }
  return out;
}
