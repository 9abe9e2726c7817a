import type { ClusterView, GpuShape } from '../../sim/cluster.ts';
import { EPSILON } from '../../sim/cluster.ts';
import type { JobTable } from '../../sim/jobs.ts';

/** O(R) necessary condition: the whole job fits in the cluster's total free amounts. */
export function fitsInTotal(job: number, jobs: JobTable, cluster: ClusterView): boolean {
  const R = jobs.resources.length;
  for (let r = 0; r < R; r++) if (jobs.total[job * R + r]! > cluster.totalFree(r) + EPSILON) return false;
  return true;
}

/**
 * How full a node would be after `tasks` more tasks of `req`, as the sum over
 * resources of the free fraction left (resources with zero capacity on the node
 * are skipped). Best fit minimizes it, worst fit maximizes it.
 */
export function leftoverAfter(node: number, req: ArrayLike<number>, cluster: ClusterView, tasks = 1): number {
  let left = 0;
  for (let r = 0; r < cluster.resources.length; r++) {
    const cap = cluster.capacityOf(node, r);
    if (cap > 0) left += (cluster.freeOf(node, r) - tasks * req[r]!) / cap;
  }
  return left;
}

/** The GPU device shape of a job's tasks, or undefined (so placements can ask the cluster for device fit). */
export function gpuShapeOf(job: number, jobs: JobTable): GpuShape | undefined {
  const count = jobs.gpuCount[job]!;
  return count > 0 ? { count, milli: jobs.gpuMilli[job]! } : undefined;
}
