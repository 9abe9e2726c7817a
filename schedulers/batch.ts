/**
 * A batch scheduler composed of a queue order, a backfilling algorithm and a
 * placement: the classic HPC schedulers (fcfs, sjf + easy, conservative...).
 *
 * It rejects at submission any job that can never fit: one asking for a
 * resource the cluster does not have, or more tasks than the empty cluster can
 * hold. Everything else waits until the backfilling algorithm starts it.
 * The queue itself, kept in order across passes, is batch-queue.ts.
 */
import type { Placement } from '../sim/cluster.ts';
import { JobState, type SchedulingContext, type SchedulingPolicy } from '../sim/policy.ts';
import type { BackfillPolicy, PlacementPolicy, QueueOrder } from './types.ts';
import { BatchQueue } from './batch-queue.ts';
import { MissCache } from './miss-cache.ts';
import { fitsInTotal } from './placement/common.ts';

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

type Place = (job: number) => Placement | null;

export function createBatchScheduler(parts: BatchParts): SchedulingPolicy {
  const { order, backfill, placement, unschedulable = 'auto' } = parts;
  /** Jobs that can never fit, with the reason, rejected at the next pass. */
  const hopeless = new Map<number, string>();
  const queue = new BatchQueue(order);
  let place: Place | undefined;
  const misses = new MissCache();
  /** ctx.releases after the last pass (-1: the next pass must look at every job), and that pass's head. */
  let releasesSeen = -1;
  let headSeen = -1;

  return {
    name: `${order.name}+${backfill.name}+${placement.name}`,

    onSubmit(job, ctx) {
      const reason = neverFits(job, ctx);
      if (reason) hopeless.set(job, reason);
      else queue.arrive(job);
    },

    onEnd(job) {
      placement.onEnd?.(job);
    },

    onRequeue(job) {
      queue.requeue(job);
    },

    schedule(ctx) {
      const jobs = ctx.jobs;
      // Jobs leave the queue by starting, being rejected or failing; every queued job is in the
      // queue or `hopeless`, so when the counts agree none left and the queue need not be scanned.
      const leavers = queue.held + hopeless.size - ctx.queued().length;
      if (hopeless.size > 0) {
        for (const [job, reason] of hopeless) {
          ctx.reject(job, reason);
          if (ctx.explaining) ctx.explain({ time: ctx.now, job: jobs.ids[job], decision: 'rejected', reason });
        }
        hopeless.clear();
      }
      order.prepare?.(ctx);
      queue.removeLeft(ctx, leavers);
      // (now is read once: each read of the context's clock is a number boxed on the heap.)
      const now = ctx.now;
      // (Static keys and no arrivals: the merge has nothing to do; not calling it keeps `now` unboxed.)
      if (order.dynamic || queue.arrivals.length > 0) queue.merge(jobs, now);
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
        queue.ordered[0] === headSeen &&
        (running.length === 0 || ctx.expectedEnd(running[0]!) > now);
      // An instant where nothing can start: a quiet pass whose arrivals all ask for more than
      // the cluster has free in total (each would be placed by the backfill or not at all), and
      // no rejection due. Then the pass is skipped: no reservation, no walk of the queue.
      if (quiet && !rejecting(unschedulable, ctx, running) && !anyFitsInTotal(queue.arrivals, ctx)) {
        queue.clearArrivals();
        return;
      }
      if (quiet && queue.arrivals.length > 1) queue.sortArrivals(jobs, now);
      misses.clear();
      place ??= cachedPlacement(ctx, placement, misses);
      runBackfill(ctx, parts, queue, place, quiet);
      queue.clearArrivals();
      releasesSeen = ctx.releases;
      // Jobs left behind a rejected head were not looked at as a head: the next pass must be whole.
      if (rejectUnschedulable(ctx, unschedulable, nothingEnds(ctx, running), queue.ordered, place)) releasesSeen = -1;
      headSeen = queue.head(ctx);
    },
  };
}

/**
 * The placement a pass asks, with two shortcuts that give the same answers. The context it
 * closes over is the first pass's: its jobs and cluster are the run's, the same at every pass.
 */
function cachedPlacement(ctx: SchedulingContext, placement: PlacementPolicy, misses: MissCache): Place {
  return (job) => {
    // A job larger than the total free amount cannot fit: a cheap exact answer, no cache needed.
    if (!fitsInTotal(job, ctx.jobs, ctx.cluster)) return null;
    // Within one pass resources only get taken, so a job no bigger than one that did not fit
    // does not fit either: skip the placement walk (a queue of many same-shaped tasks, as in
    // the Google and Alibaba traces, would otherwise walk the node index once per task).
    // (Not for a placement whose answer depends on the job itself, not only its size: perJob.)
    if (!placement.perJob && misses.covers(job, ctx.jobs)) return null;
    const found = placement.place(job, ctx.jobs, ctx.cluster);
    if (!found && !placement.perJob) misses.add(job, ctx.jobs);
    return found;
  };
}

/** Runs the backfilling algorithm over the whole queue, or over the arrivals alone when the pass is quiet. */
function runBackfill(ctx: SchedulingContext, { order, backfill, placement }: BatchParts, queue: BatchQueue, place: Place, quiet: boolean): void {
  const { ordered, arrivals } = queue;
  if (!placement.onStart && !order.progressive) {
    if (quiet) backfill.runArrivals!(ctx, ordered, arrivals, place);
    else backfill.run(ctx, ordered, place);
    return;
  }
  // The placement observes every start, and a progressive order re-sorts the jobs not yet
  // looked at after each one (the context is the engine's, with start wrapped).
  const observed: SchedulingContext = Object.create(ctx, {
    start: {
      value: (job: number, p: Placement) => {
        ctx.start(job, p);
        placement.onStart?.(job, ctx.placementOf(job) ?? p, ctx.jobs);
        if (order.progressive) {
          order.onStart?.(job, ctx);
          queue.resortAfter(ordered.indexOf(job), ctx.jobs, ctx.now);
        }
      },
    },
  });
  if (quiet) backfill.runArrivals!(observed, ordered, arrivals, place);
  else backfill.run(observed, ordered, place);
}

/** Rejects the jobs still queued that do not fit now, when `unschedulable` says so; returns whether it rejected any. */
function rejectUnschedulable(ctx: SchedulingContext, unschedulable: 'auto' | 'wait' | 'reject', nothingEnds: boolean, ordered: readonly number[], place: Place): boolean {
  if (!(unschedulable === 'reject' || (unschedulable === 'auto' && nothingEnds))) return false;
  let rejected = false;
  for (const job of ordered) {
    if (ctx.state(job) !== JobState.Queued || place(job) !== null) continue;
    const reason = unschedulable === 'reject' ? 'does not fit now' : 'does not fit now, and no running job will ever end';
    ctx.reject(job, reason);
    if (ctx.explaining) ctx.explain({ time: ctx.now, job: ctx.jobs.ids[job], decision: 'rejected', reason });
    rejected = true;
  }
  return rejected;
}

/** Whether the jobs still queued after this pass would be rejected (see BatchParts.unschedulable). */
function rejecting(unschedulable: 'auto' | 'wait' | 'reject', ctx: SchedulingContext, running: readonly number[]): boolean {
  return unschedulable === 'reject' || (unschedulable === 'auto' && nothingEnds(ctx, running));
}

/** True when no running job will ever end (none runs, or the first to end never does). */
function nothingEnds(ctx: SchedulingContext, running: readonly number[]): boolean {
  return running.length === 0 || !Number.isFinite(ctx.expectedEnd(running[0]!));
}

/** True when some of `jobs` fits in the cluster's total free amounts (a job that does not cannot be placed). */
function anyFitsInTotal(jobs: readonly number[], ctx: SchedulingContext): boolean {
  for (let i = 0; i < jobs.length; i++) if (fitsInTotal(jobs[i]!, ctx.jobs, ctx.cluster)) return true;
  return false;
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
