/**
 * Shapes that did not fit during the current scheduling pass.
 *
 * Fitting is monotone: if k tasks of per-task request q (and GPU shape c × m)
 * do not fit the cluster as it is, then k' ≥ k tasks of q' ≥ q (c' ≥ c, m' ≥ m)
 * do not fit either, and within one pass the free resources only shrink. So a
 * job dominated by a recorded miss can be answered "does not fit" without
 * walking the nodes. Only valid until resources are released: clear it at the
 * start of every pass.
 */
import type { JobTable } from '../sim/jobs.ts';

/** Bound on recorded misses, so a queue of all-different shapes costs O(LIMIT) per check at most. */
const LIMIT = 32;

export class MissCache {
  /** Job indexes whose placement failed this pass (their rows in the job table describe the shape). */
  private readonly jobs: number[] = [];

  clear(): void {
    this.jobs.length = 0;
  }

  add(job: number, table: JobTable): void {
    // Keep the list free of entries dominated by the new one, and bounded.
    for (let i = this.jobs.length - 1; i >= 0; i--) if (dominates(this.jobs[i]!, job, table)) this.jobs.splice(i, 1);
    if (this.jobs.length >= LIMIT) this.jobs.shift();
    this.jobs.push(job);
  }

  /** True when some recorded miss is no bigger than `job` in every respect. */
  covers(job: number, table: JobTable): boolean {
    for (const miss of this.jobs) if (dominates(job, miss, table)) return true;
    return false;
  }
}

/** True when job `a` is at least as big as job `b`: tasks, every per-task request, GPU shape. */
function dominates(a: number, b: number, t: JobTable): boolean {
  if (t.tasks[a]! < t.tasks[b]!) return false;
  if (t.gpuCount[a]! < t.gpuCount[b]! || t.gpuMilli[a]! < t.gpuMilli[b]!) return false;
  // A job without a GPU shape but with a scalar gpu request is not comparable to one with a shape.
  if ((t.gpuCount[a] === 0) !== (t.gpuCount[b] === 0)) return false;
  const R = t.resources.length;
  for (let r = 0; r < R; r++) if (t.request[a * R + r]! < t.request[b * R + r]!) return false;
  if (t.unknownResources[a] !== null || t.unknownResources[b] !== null) return false;
  return true;
}
