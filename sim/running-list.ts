/**
 * The running jobs sorted by (expected end, job index): what EASY backfilling
 * and the other policies read as `ctx.running()`. The sort key of each job is
 * kept in a column, set at its start, since it is read at every start and end.
 */
import { grown } from './arrays.ts';

export class RunningList {
  /** The running jobs in order (a live array). */
  readonly jobs: number[] = [];
  /** Start + estimate of each running job, set by insert. */
  private expectedEnd: Float64Array;

  constructor(capacity: number) {
    this.expectedEnd = new Float64Array(capacity);
  }

  /** Room for `capacity` jobs. */
  grow(capacity: number): void {
    this.expectedEnd = grown(this.expectedEnd, capacity);
  }

  // Shifting by hand: splice would allocate the array of removed elements at every start and end.
  insert(job: number, expectedEnd: number): void {
    this.expectedEnd[job] = expectedEnd;
    const i = this.position(job);
    const list = this.jobs;
    list.push(job);
    for (let k = list.length - 1; k > i; k--) list[k] = list[k - 1]!;
    list[i] = job;
  }

  /** Takes a job off the list; false when it is not on it. */
  remove(job: number): boolean {
    const i = this.position(job);
    const list = this.jobs;
    if (list[i] !== job) return false;
    const n = list.length;
    for (let k = i + 1; k < n; k++) list[k - 1] = list[k]!;
    list.pop();
    return true;
  }

  /** Binary search for the position of (expected end, job). */
  private position(job: number): number {
    const ends = this.expectedEnd;
    const key = ends[job]!;
    const list = this.jobs;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = list[mid]!;
      const k = ends[other]!;
      if (k < key || (k === key && other < job)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
