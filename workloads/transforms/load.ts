/**
 * Offered load and load scaling.
 *
 * Offered load of a workload on a cluster, for resource r:
 *
 *   load_r = Σ_j tasks_j · request_j[r] · runtime_j / (capacity_r · span)
 *
 * over the jobs of finite runtime, where capacity_r is the cluster's total of r
 * and span = last submit − first submit of those jobs. The load of the
 * workload is that of its dominant resource (the largest load_r) unless a
 * resource is named. (Lublin and Feitelson divide by the last arrival time
 * measured from 0; we measure from the first arrival, so a trace that starts
 * late is not diluted.)
 *
 * Load scaling to a target L: every submit time s becomes s₀ + c·(s − s₀),
 * s₀ the first submit, c = load / L. Inter-arrival times are multiplied by c
 * (compressed when c < 1), runtimes and sizes are untouched, so the new
 * offered load is exactly L (up to floating point). Jobs of infinite runtime
 * (services) have their submit times scaled the same way.
 */
import { z } from 'zod';
import type { ClusterSpec } from '../../sim/cluster.ts';
import { UsageError } from '../../sim/errors.ts';
import type { Job } from '../job.ts';
import type { Workload } from '../workload.ts';
import { num, type TransformResult } from './types.ts';

export interface OfferedLoad {
  /** The load of `resource`. */
  load: number;
  resource: string;
  /** load_r of every resource of the cluster. */
  byResource: Record<string, number>;
  /** Seconds between the first and the last submit (finite-runtime jobs). */
  span: number;
}

export function clusterCapacity(cluster: ClusterSpec): Map<string, number> {
  const total = new Map<string, number>();
  for (const r of cluster.resources ?? []) total.set(r, 0);
  for (const node of cluster.nodes) for (const [r, c] of Object.entries(node.capacity)) total.set(r, (total.get(r) ?? 0) + c);
  return total;
}

export function offeredLoad(jobs: readonly Job[], cluster: ClusterSpec, resource?: string): OfferedLoad {
  const finite = jobs.filter((j) => Number.isFinite(j.runtime));
  let first = Infinity;
  let last = -Infinity;
  for (const j of finite) {
    first = Math.min(first, j.submit);
    last = Math.max(last, j.submit);
  }
  const span = finite.length > 0 ? last - first : 0;
  const byResource: Record<string, number> = {};
  let dominant = '';
  for (const [r, capacity] of clusterCapacity(cluster)) {
    if (!(capacity > 0)) continue;
    let work = 0;
    for (const j of finite) work += j.tasks * (j.request[r] ?? 0) * j.runtime;
    byResource[r] = work / (capacity * span);
    if (dominant === '' || byResource[r]! > byResource[dominant]!) dominant = r;
  }
  const chosen = resource ?? dominant;
  if (chosen === '' || byResource[chosen] === undefined) {
    throw new UsageError(`offered load: the cluster has no capacity of ${JSON.stringify(chosen || 'any resource')}`);
  }
  return { load: byResource[chosen]!, resource: chosen, byResource, span };
}

export const LoadSchema = z.strictObject({
  type: z.literal('load'),
  /** Target offered load, e.g. 0.8. */
  target: z.number().positive().finite(),
  /** The resource whose load is set; the dominant one when absent. */
  resource: z.string().min(1).optional(),
});

export type LoadSpec = z.infer<typeof LoadSchema>;

export function scaleLoad(workload: Workload, cluster: ClusterSpec, spec: Omit<LoadSpec, 'type'>): TransformResult {
  const before = offeredLoad(workload.jobs, cluster, spec.resource);
  if (!(before.span > 0) || !(before.load > 0)) {
    throw new UsageError(`load scaling needs jobs of finite runtime submitted at two different times at least (span ${before.span} s, load ${before.load})`);
  }
  const c = before.load / spec.target;
  let s0 = Infinity;
  for (const j of workload.jobs) if (Number.isFinite(j.runtime)) s0 = Math.min(s0, j.submit);
  const jobs = workload.jobs.map((j) => ({ ...j, submit: s0 + c * (j.submit - s0) }));
  return {
    workload: { ...workload, jobs },
    record: {
      type: 'load',
      summary: `load ${before.resource} ${num(before.load)} -> ${num(spec.target)}: inter-arrival times x ${num(c)}`,
      jobsIn: jobs.length,
      jobsOut: jobs.length,
    },
  };
}
