/**
 * A batch scheduler composed of a queue order, a backfilling algorithm and a
 * placement: the classic HPC schedulers (fcfs, sjf + easy, conservative...).
 *
 * It rejects at submission any job that can never fit: one asking for a
 * resource the cluster does not have, or more tasks than the empty cluster can
 * hold. Everything else waits until the backfilling algorithm starts it.
 */
import type { Placement } from '../sim/cluster.ts';
import { JobState, type SchedulingContext, type SchedulingPolicy } from '../sim/policy.ts';
import type { BackfillPolicy, PlacementPolicy, QueueOrder } from './types.ts';
import { MissCache } from './miss-cache.ts';
import { fitsInTotal } from './placement/common.ts';
import { removeFront, truncate } from '../sim/truncate.ts';

export interface BatchParts {
  order: QueueOrder;
  backfill: BackfillPolicy;
  placement: PlacementPolicy;
  /**
   * Jobs still queued after a pass: `wait` (HPC), `reject` them, or `auto`
   * (default): reject them when no running job will ever end (pods that never
   * depart, e.g. fill mode), where waiting could only end in a stall.
   */
  unschedulable?: 'auto' | 'wait' | 'reject';
}

export function createBatchScheduler({ order, backfill, placement, unschedulable = 'auto' }: BatchParts): SchedulingPolicy {
  /** Jobs that can never fit, with the reason, rejected at the next pass. */
  const hopeless = new Map<number, string>();
  const ordered: number[] = [];
  const arrivals: number[] = [];
  const requeued = new Set<number>();
  let place: ((job: number) => Placement | null) | undefined;
  const misses = new MissCache();
  /** ctx.releases after the last pass (-1: the next pass must look at every job), and that pass's head. */
  let releasesSeen = -1;
  let headSeen = -1;

  /**
   * Progressive orders (DRF's progressive filling): after a start at position i, the jobs
   * behind it are put back in order by their new keys. The backfill is iterating over
   * `ordered`; only the part it has not reached yet moves.
   */
  const resortAfter = (i: number, now: number) => {
    if (i < 0 || i + 2 > ordered.length) return;
    const rest = ordered.slice(i + 1);
    const keys = new Map<number, number>();
    for (const j of rest) keys.set(j, order.key(j, jobsRef!, now));
    rest.sort((a, b) => (before(a, b, keys.get(a)!, keys.get(b)!, jobsRef!.submit) ? -1 : 1));
    for (let k = 0; k < rest.length; k++) ordered[i + 1 + k] = rest[k]!;
  };
  let jobsRef: SchedulingContext['jobs'] | null = null;

  /**
   * Drops from `ordered` the jobs that left the queue since the last pass (started, rejected,
   * failed) and those `requeued` names. Without requeues the caller knows how many left: when
   * they are all at the front, as the jobs a pass starts in queue order are, they go in one
   * move (copyWithin, no look at the jobs behind them); otherwise every job is looked at.
   */
  const dropLeavers = (ctx: SchedulingContext, requeuedJob: ((job: number) => boolean) | null, leavers = -1) => {
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
  };

  /** Queue order with the documented tie-breaks: earlier submit, then input order. */
  const before = (a: number, b: number, ka: number, kb: number, submit: Float64Array) =>
    ka < kb || (ka === kb && (submit[a]! < submit[b]! || (submit[a] === submit[b] && a < b)));

  return {
    name: `${order.name}+${backfill.name}+${placement.name}`,

    onSubmit(job, ctx) {
      const reason = neverFits(job, ctx);
      if (reason) hopeless.set(job, reason);
      else arrivals.push(job);
    },

    onEnd(job) {
      placement.onEnd?.(job);
    },

    onRequeue(job) {
      // Back in the queue after preemption or a node failure: it re-enters the order like an arrival
      // (and leaves its old place, if the last pass's started job is still listed there).
      requeued.add(job);
      arrivals.push(job);
    },

    schedule(ctx) {
      const { jobs, now } = ctx;
      jobsRef = jobs;
      // Jobs leave the queue by starting, being rejected or failing; every queued job is in `ordered`,
      // `arrivals` or `hopeless`, so when the counts agree none left and the scan below can be skipped.
      const anyRequeued = requeued.size > 0;
      const leavers = ordered.length + arrivals.length + hopeless.size - ctx.queued().length;
      const left = anyRequeued || leavers !== 0;
      if (hopeless.size > 0) {
        for (const [job, reason] of hopeless) {
          ctx.reject(job, reason);
          if (ctx.explaining) ctx.explain({ time: now, job: jobs.ids[job], decision: 'rejected', reason });
        }
        hopeless.clear();
      }
      order.prepare?.(ctx);
      if (left) {
        if (anyRequeued) {
          dropLeavers(ctx, (j) => requeued.has(j));
          requeued.clear();
        } else dropLeavers(ctx, null, leavers);
      }
      if (order.dynamic) {
        for (const j of arrivals) ordered.push(j);
        const keys = new Map<number, number>();
        for (const j of ordered) keys.set(j, order.key(j, jobs, now));
        ordered.sort((a, b) => (before(a, b, keys.get(a)!, keys.get(b)!, jobs.submit) ? -1 : 1));
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
      // Only submissions since the last pass, whose head is still at the head: the backfill may
      // look at the arrivals alone (see BackfillPolicy.runArrivals for why that is exact).
      const running = ctx.running();
      const quiet =
        backfill.runArrivals !== undefined &&
        !order.dynamic &&
        !order.prepare &&
        !ctx.explaining &&
        ctx.releases === releasesSeen &&
        headSeen >= 0 &&
        ordered[0] === headSeen &&
        (running.length === 0 || ctx.expectedEnd(running[0]!) > now);
      if (quiet && arrivals.length > 1) {
        arrivals.sort((a, b) => (before(a, b, order.key(a, jobs, now), order.key(b, jobs, now), jobs.submit) ? -1 : 1));
      }
      misses.clear();
      place ??= (job) => {
        // A job larger than the total free amount cannot fit: a cheap exact answer, no cache needed.
        if (!fitsInTotal(job, ctx.jobs, ctx.cluster)) return null;
        // Within one pass resources only get taken, so a job no bigger than one that did not fit
        // does not fit either: skip the placement walk (a queue of many same-shaped tasks, as in
        // the Google and Alibaba traces, would otherwise walk the node index once per task).
        if (!placement.perJob && misses.covers(job, ctx.jobs)) return null;
        const found = placement.place(job, ctx.jobs, ctx.cluster);
        if (!found && !placement.perJob) misses.add(job, ctx.jobs);
        return found;
      };
      if (!placement.onStart && !order.progressive) {
        if (quiet) backfill.runArrivals!(ctx, ordered, arrivals, place);
        else backfill.run(ctx, ordered, place);
      } else {
        // The placement observes every start, and a progressive order re-sorts the jobs not yet
        // looked at after each one (the context is the engine's, with start wrapped).
        const observed: SchedulingContext = Object.create(ctx, {
          start: {
            value: (job: number, p: Placement) => {
              ctx.start(job, p);
              placement.onStart?.(job, ctx.placementOf(job) ?? p, ctx.jobs);
              if (order.progressive) {
                order.onStart?.(job, ctx);
                resortAfter(ordered.indexOf(job), ctx.now);
              }
            },
          },
        });
        if (quiet) backfill.runArrivals!(observed, ordered, arrivals, place);
        else backfill.run(observed, ordered, place);
      }
      truncate(arrivals, 0);
      releasesSeen = ctx.releases;
      const nothingEnds = running.length === 0 || !Number.isFinite(ctx.expectedEnd(running[0]!));
      if (unschedulable === 'reject' || (unschedulable === 'auto' && nothingEnds)) {
        for (const job of ordered) {
          if (ctx.state(job) !== JobState.Queued || place(job) !== null) continue;
          const reason = unschedulable === 'reject' ? 'does not fit now' : 'does not fit now, and no running job will ever end';
          ctx.reject(job, reason);
          if (ctx.explaining) ctx.explain({ time: now, job: jobs.ids[job], decision: 'rejected', reason });
          // Jobs left behind a rejected head were not looked at as a head: the next pass must be whole.
          releasesSeen = -1;
        }
      }
      // The first job still queued (every job before it started): the head of this pass.
      headSeen = -1;
      for (const job of ordered) {
        if (ctx.state(job) === JobState.Queued) {
          headSeen = job;
          break;
        }
      }
    },
  };
}

/** Why a job can never run on this cluster, or null. */
function neverFits(job: number, ctx: SchedulingContext): string | null {
  const { jobs, cluster } = ctx;
  const unknown = jobs.unknownResources[job];
  if (unknown) return `requests ${unknown.join(', ')}, which no node has`;
  const fit = cluster.tasksThatFitEmpty(jobs.requestInto(job, requestScratch(jobs.resources.length)));
  if (fit < jobs.tasks[job]!) return `needs ${jobs.tasks[job]} task(s); the empty cluster holds at most ${fit}`;
  return null;
}

let scratch = new Float64Array(4);
/** A per-task request buffer for neverFits (asked at every submission; the cluster keeps nothing). */
function requestScratch(R: number): Float64Array {
  if (scratch.length < R) scratch = new Float64Array(R);
  return scratch;
}
