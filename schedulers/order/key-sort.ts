/**
 * Keeps a list of jobs in queue order while their keys change: the order of a
 * dynamic queue (keys that depend on the time, wfp3 and unicep) or a
 * progressive one (DRF, whose keys change after every start). Queue order is
 * (key, submit, input index), a strict total order (for keys that are not NaN,
 * as no built-in order's is), so the sorted list is the same whichever way it is
 * reached, byte for byte the full sort's; this gets there without sorting the whole
 * list each time:
 *
 *  - the key each job was last sorted by is kept in a column indexed by job;
 *  - a re-sort computes every key again, leaves in place the jobs whose key
 *    did not change (they are still in order among themselves), takes out the
 *    others, sorts those alone and merges them back in one backward pass.
 *
 * Under DRF a start changes only its owner's key, so a re-sort after a start
 * moves that owner's jobs and costs O(q) key reads, not O(q log q) comparisons.
 * Under wfp3 or unicep every key changes with the clock but the order rarely
 * does: the changed jobs, still in their old order, are sorted by insertion
 * (linear when they are in order), falling back to the built-in sort when
 * insertion would move too much. Nothing is allocated per call once the
 * scratch arrays have grown to the queue's size.
 *
 * A kept key of NaN marks a job whose place is unknown (`forget` stamps it):
 * NaN equals no key, so the next re-sort moves that job.
 */
import { grown } from '../../sim/arrays.ts';
import type { JobTable } from '../../sim/jobs.ts';
import { truncate } from '../../sim/truncate.ts';
import type { QueueOrder } from '../types.ts';

/** Insertion sort gives up after this many shifts per element (then the built-in sort finishes). */
const SHIFTS_PER_JOB = 8;

export class KeySort {
  private readonly order: QueueOrder;
  /** The key each job was last placed by (NaN: unknown, the job must move). */
  private keys = new Float64Array(0);
  private submit: Float64Array = new Float64Array(0);
  /** Scratch: the jobs taken out to be sorted and merged back. */
  private readonly moved: number[] = [];
  /** Queue order of two jobs by their kept keys (for the built-in sort; made once). */
  private readonly compare = (a: number, b: number): number => (this.before(a, b) ? -1 : 1);

  constructor(order: QueueOrder) {
    this.order = order;
  }

  /**
   * Puts `list[from..]` in queue order by the keys at `now`. `list[from..]` must be in order by the
   * kept keys, but for jobs whose kept key is NaN and for the last `fresh` entries (jobs never
   * placed: arrivals), which are placed whatever their kept key.
   */
  resort(list: number[], from: number, fresh: number, jobs: JobTable, now: number): void {
    if (this.keys.length < jobs.count) {
      this.keys = grown(this.keys, Math.max(jobs.count, 2 * this.keys.length));
    }
    this.submit = jobs.submit;
    const { keys, moved, order } = this;
    const n = list.length;
    const old = n - fresh;
    truncate(moved, 0);
    let kept = from;
    for (let i = from; i < n; i++) {
      const j = list[i]!;
      const k = order.key(j, jobs, now);
      if (i < old && k === keys[j]) list[kept++] = j;
      else {
        keys[j] = k;
        moved.push(j);
      }
    }
    if (moved.length === 0) return;
    this.sortMoved();
    // Merge the kept jobs, list[from..kept), and the moved ones into list[from..n), from the back:
    // the write position stays ahead of the kept job read (by the moved jobs not yet written).
    let w = n - 1;
    let a = kept - 1;
    for (let b = moved.length - 1; b >= 0; w--) {
      const m = moved[b]!;
      if (a >= from && this.before(m, list[a]!)) list[w] = list[a--]!;
      else {
        list[w] = m;
        b--;
      }
    }
  }

  /** Marks the jobs of `list[from..to)` as out of place: the next `resort` over them moves them. */
  forget(list: readonly number[], from: number, to: number): void {
    const keys = this.keys;
    for (let i = from; i < to; i++) {
      const j = list[i]!;
      if (j < keys.length) keys[j] = NaN;
    }
  }

  /** Sorts `moved` by insertion while that stays cheap, else by the built-in sort (same result: a strict total order). */
  private sortMoved(): void {
    const moved = this.moved;
    let budget = SHIFTS_PER_JOB * moved.length;
    for (let i = 1; i < moved.length; i++) {
      const j = moved[i]!;
      let p = i;
      while (p > 0 && this.before(j, moved[p - 1]!)) {
        moved[p] = moved[p - 1]!;
        p--;
      }
      moved[p] = j;
      budget -= i - p;
      if (budget < 0) {
        moved.sort(this.compare);
        return;
      }
    }
  }

  /** Queue order with the documented tie-breaks: smaller key, then earlier submit, then input order. */
  private before(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    const submit = this.submit;
    return ka < kb || (ka === kb && (submit[a]! < submit[b]! || (submit[a] === submit[b] && a < b)));
  }
}
