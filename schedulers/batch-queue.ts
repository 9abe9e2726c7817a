/**
 * The queue of a batch scheduler (batch.ts): the waiting jobs in queue order,
 * kept from one pass to the next so that a pass does not sort the whole queue
 * again. At the start of a pass the jobs that left (started, rejected, failed)
 * are dropped and the arrivals since the last pass (new or requeued jobs) are
 * merged in: by binary search when the order's keys are static; when they
 * change (with time, or with every start under a progressive order) every key
 * is read again and only the jobs whose key changed are moved (key-sort.ts).
 */
import { JobState, type SchedulingContext } from '../sim/policy.ts';
import { removeFront, truncate } from '../sim/truncate.ts';
import type { QueueOrder } from './types.ts';
import { KeySort } from './order/key-sort.ts';

export class BatchQueue {
  /** The queued jobs in queue order (as of the last merge; jobs started since are still listed). */
  readonly ordered: number[] = [];
  /** Jobs submitted or requeued since the last pass. */
  readonly arrivals: number[] = [];
  private readonly requeued = new Set<number>();
  private readonly order: QueueOrder;
  /** The order of a dynamic or progressive queue, kept across passes and starts. */
  private readonly keySort: KeySort;
  /** Within a pass of a progressive order: `ordered[0..settled)` holds the jobs looked at so far, out of the key order. */
  private settled = 0;

  constructor(order: QueueOrder) {
    this.order = order;
    this.keySort = new KeySort(order);
  }

  /** Jobs it holds, listed or arrived (for counting those that left). */
  get held(): number {
    return this.ordered.length + this.arrivals.length;
  }

  arrive(job: number): void {
    this.arrivals.push(job);
  }

  /**
   * Back in the queue after preemption or a node failure: it re-enters the order like an arrival
   * (and leaves its old place, if the last pass's started job is still listed there).
   */
  requeue(job: number): void {
    this.requeued.add(job);
    this.arrivals.push(job);
  }

  /** Drops the jobs that left the queue: `leavers` of them, counted by the caller (0: none left, skip the scan). */
  removeLeft(ctx: SchedulingContext, leavers: number): void {
    if (this.requeued.size > 0) {
      const requeued = this.requeued;
      this.dropLeavers(ctx, (j) => requeued.has(j));
      requeued.clear();
    } else if (leavers !== 0) this.dropLeavers(ctx, null, leavers);
  }

  /** Puts the arrivals in their places in `ordered` (they stay listed in `arrivals` until clearArrivals). */
  merge(jobs: SchedulingContext['jobs'], now: number): void {
    const { order, ordered, arrivals } = this;
    if (order.dynamic || order.progressive) {
      for (const j of arrivals) ordered.push(j);
      this.keySort.resort(ordered, 0, arrivals.length, jobs, now);
      this.settled = 0;
    } else {
      // Static keys: insert each arrival by binary search. FCFS arrivals land at the end: that is
      // checked first, so the common case costs one comparison, not a search.
      for (const j of arrivals) {
        const kj = order.key(j, jobs, now);
        const n = ordered.length;
        if (n === 0 || before(ordered[n - 1]!, j, order.key(ordered[n - 1]!, jobs, now), kj, jobs.submit)) {
          ordered.push(j);
          continue;
        }
        let lo = 0;
        let hi = ordered.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const m = ordered[mid]!;
          if (before(m, j, order.key(m, jobs, now), kj, jobs.submit)) lo = mid + 1;
          else hi = mid;
        }
        if (lo === ordered.length) ordered.push(j);
        else ordered.splice(lo, 0, j);
      }
    }
  }

  /** Puts the arrivals themselves in queue order (for a backfill that looks at them alone). */
  sortArrivals(jobs: SchedulingContext['jobs'], now: number): void {
    const order = this.order;
    this.arrivals.sort((a, b) => (before(a, b, order.key(a, jobs, now), order.key(b, jobs, now), jobs.submit) ? -1 : 1));
  }

  clearArrivals(): void {
    truncate(this.arrivals, 0);
  }

  /**
   * Progressive orders (DRF's progressive filling): after a start at position i, the jobs
   * behind it are put back in order by their new keys. The backfill is iterating over
   * `ordered`; only the part it has not reached yet moves. The part it has passed is no
   * longer in key order: its jobs are marked to be placed afresh at the next merge.
   */
  resortAfter(i: number, jobs: SchedulingContext['jobs'], now: number): void {
    const ordered = this.ordered;
    if (i < 0) return;
    if (i >= this.settled) this.keySort.forget(ordered, this.settled, i + 1);
    this.settled = i + 1;
    if (i + 2 > ordered.length) return;
    this.keySort.resort(ordered, i + 1, 0, jobs, now);
  }

  /** The first job still queued (every job before it started), or -1. */
  head(ctx: SchedulingContext): number {
    for (const job of this.ordered) if (ctx.state(job) === JobState.Queued) return job;
    return -1;
  }

  /**
   * Drops from `ordered` the jobs that left the queue since the last pass (started, rejected,
   * failed) and those `requeuedJob` names. Without requeues the caller knows how many left: when
   * they are all at the front, as the jobs a pass starts in queue order are, they go in one
   * move (copyWithin, no look at the jobs behind them); otherwise every job is looked at.
   */
  private dropLeavers(ctx: SchedulingContext, requeuedJob: ((job: number) => boolean) | null, leavers = -1): void {
    const ordered = this.ordered;
    let front = 0;
    if (requeuedJob === null) while (front < leavers && front < ordered.length && ctx.state(ordered[front]!) !== JobState.Queued) front++;
    if (front === leavers) {
      removeFront(ordered, front);
      return;
    }
    let kept = 0;
    for (let i = 0; i < ordered.length; i++) {
      const j = ordered[i]!;
      if (ctx.state(j) === JobState.Queued && !(requeuedJob !== null && requeuedJob(j))) ordered[kept++] = j;
    }
    truncate(ordered, kept);
  }
}

/** Queue order with the documented tie-breaks: earlier submit, then input order. */
function before(a: number, b: number, ka: number, kb: number, submit: Float64Array): boolean {
  return ka < kb || (ka === kb && (submit[a]! < submit[b]! || (submit[a] === submit[b] && a < b)));
}
