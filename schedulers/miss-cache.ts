/**
 * Shapes that did not fit during the current scheduling pass.
 *
 * Fitting is monotone: if k tasks of per-task request q (and GPU shape c × m)
 * do not fit the cluster as it is, then k' ≥ k tasks of q' ≥ q (c' ≥ c, m' ≥ m)
 * do not fit either, and within one pass the free resources only shrink. So a
 * job dominated by a recorded miss can be answered "does not fit" without
 * walking the nodes. Only valid until resources are released: clear it at the
 * start of every pass.
 *
 * Misses are kept as rows of numbers (tasks, GPU count, GPU milli, the per-task
 * request) in one typed array: the check runs for every placement attempt.
 */
import type { JobTable } from '../sim/jobs.ts';

/** Bound on recorded misses, so a queue of all-different shapes costs O(LIMIT) per check at most. */
const LIMIT = 32;

export class MissCache {
  private rows = new Float64Array(0);
  private width = 0;
  private count = 0;
  /** Next row to overwrite when full (oldest first). */
  private next = 0;

  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  add(job: number, table: JobTable): void {
    if (table.unknownResources[job] !== null) return;
    const R = table.resources.length;
    if (this.width !== R + 3) {
      this.width = R + 3;
      this.rows = new Float64Array(LIMIT * this.width);
      this.count = this.next = 0;
    }
    // A new miss that is no bigger than a recorded one replaces it (it covers more jobs).
    let slot = -1;
    for (let i = 0; i < this.count && slot < 0; i++) if (this.rowCovers(i, job, table)) slot = i;
    if (slot < 0) {
      if (this.count < LIMIT) slot = this.count++;
      else {
        slot = this.next;
        this.next = (this.next + 1) % LIMIT;
      }
    }
    const w = this.width;
    const rows = this.rows;
    rows[slot * w] = table.tasks[job]!;
    rows[slot * w + 1] = table.gpuCount[job]!;
    rows[slot * w + 2] = table.gpuMilli[job]!;
    for (let r = 0; r < R; r++) rows[slot * w + 3 + r] = table.request[job * R + r]!;
  }

  /** True when some recorded miss is no bigger than `job` in every respect. */
  covers(job: number, table: JobTable): boolean {
    if (this.count === 0 || table.unknownResources[job] !== null) return false;
    for (let i = 0; i < this.count; i++) if (this.rowCovers(i, job, table)) return true;
    return false;
  }

  /** True when recorded row i is no bigger than `job`: tasks, GPU shape (with or without alike), every request. */
  private rowCovers(i: number, job: number, t: JobTable): boolean {
    const rows = this.rows;
    const base = i * this.width;
    if (t.tasks[job]! < rows[base]!) return false;
    const count = t.gpuCount[job]!;
    const rowCount = rows[base + 1]!;
    // A job without a GPU shape but with a scalar gpu request is not comparable to one with a shape.
    if ((count === 0) !== (rowCount === 0)) return false;
    if (count < rowCount || t.gpuMilli[job]! < rows[base + 2]!) return false;
    const R = this.width - 3;
    const req = t.request;
    const jb = job * R;
    for (let r = 0; r < R; r++) if (req[jb + r]! < rows[base + 3 + r]!) return false;
    return true;
  }
}
