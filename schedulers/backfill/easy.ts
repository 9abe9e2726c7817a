/**
 * EASY backfilling (Lifka, "The ANL/IBM SP scheduling system", JSSPP 1995;
 * as defined by Mu'alem and Feitelson, IEEE TPDS 12(6), 2001):
 *
 * 1. Start jobs in queue order while they fit.
 * 2. For the first job that does not fit (the head), find the shadow time: the
 *    earliest time at which enough resources will be free for it, assuming the
 *    running jobs end at their estimates. The extra resources are those free at
 *    the shadow time that the head does not need (every job expected to end at
 *    or before the shadow time counts as ended, not just enough of them).
 * 3. Scan the rest of the queue in order; start a job if it fits now and either
 *    ends (by its estimate) no later than the shadow time, or uses no more than
 *    the extra resources (which it then takes).
 *
 * The shadow time and extra are computed on the cluster's total free amounts
 * per resource (the processor count of the papers). On clusters of identical
 * single-slot nodes, the HPC case, this is exact; on multi-resource nodes a
 * reserved job can still be delayed by fragmentation, as in any pool model.
 * A running job that overran its estimate is expected to end now.
 */
import { EPSILON, type Placement } from '../../sim/cluster.ts';
import type { JobTable } from '../../sim/jobs.ts';
import type { SchedulingContext } from '../../sim/policy.ts';
import type { BackfillPolicy } from '../types.ts';

/** Free amounts at the shadow time, reused across passes (one allocation fewer per scheduling pass). */
let scratch = new Float64Array(4);

export const easy: BackfillPolicy = {
  name: 'easy',
  run(ctx, ordered, place) {
    const { jobs, now } = ctx;
    let i = 0;
    for (; i < ordered.length; i++) {
      const placement = place(ordered[i]!);
      if (!placement) break;
      ctx.start(ordered[i]!, placement);
      if (ctx.explaining) ctx.explain({ time: now, job: jobs.ids[ordered[i]!], decision: 'start', reason: 'in queue order' });
    }
    if (i >= ordered.length - 1) return; // nothing behind the head to backfill
    const head = ordered[i]!;
    const shadow = reserve(ctx, head);
    if (ctx.explaining) ctx.explain({ time: now, job: jobs.ids[head], decision: 'reserve', shadow_time: shadow, extra: named(scratch, jobs.resources) });
    for (let k = i + 1; k < ordered.length; k++) backfill(ctx, jobs, now, ordered[k]!, head, shadow, place);
  },

  // Only arrivals since the last pass: the head is the job that pass reserved for, and the
  // shadow time and extra it would compute now are those it left (the jobs it backfilled
  // into the extra are running past the shadow time and are not counted back), so looking
  // at the arrivals alone gives the decisions of a whole pass.
  runArrivals(ctx, ordered, arrivals, place) {
    const { jobs, now } = ctx;
    const head = ordered[0]!;
    const shadow = reserve(ctx, head);
    for (const job of arrivals) backfill(ctx, jobs, now, job, head, shadow, place);
  },
};

/**
 * The reservation of the head: returns the shadow time and leaves the extra
 * resources in `scratch`. Running jobs are released in order of expected end
 * until the head fits; then every other job expected to end at that same time
 * is released too: the extra resources are all those free at the shadow time
 * that the head does not need.
 */
function reserve(ctx: SchedulingContext, head: number): number {
  const { jobs, cluster, now } = ctx;
  const R = jobs.resources.length;
  if (scratch.length < R) scratch = new Float64Array(R);
  const avail = scratch;
  for (let r = 0; r < R; r++) avail[r] = cluster.totalFree(r);
  let shadow = now;
  const running = ctx.running();
  for (let k = 0; k < running.length; k++) {
    const job = running[k]!;
    const end = Math.max(now, ctx.expectedEnd(job));
    if (end > shadow && covers(avail, jobs.total, head * R, R)) break;
    for (let r = 0; r < R; r++) avail[r]! += jobs.total[job * R + r]!;
    shadow = end;
  }
  for (let r = 0; r < R; r++) avail[r]! -= jobs.total[head * R + r]!;
  return shadow;
}

/** Starts `job` if it fits now and ends by the shadow time or fits in the extra (`scratch`, which it then takes). */
function backfill(ctx: SchedulingContext, jobs: JobTable, now: number, job: number, head: number, shadow: number, place: (job: number) => Placement | null): void {
  const R = jobs.resources.length;
  const extra = scratch;
  const endsInTime = now + jobs.estimate[job]! <= shadow;
  if (!endsInTime && !covers(extra, jobs.total, job * R, R)) return;
  const placement = place(job);
  if (!placement) return;
  ctx.start(job, placement);
  if (!endsInTime) for (let r = 0; r < R; r++) extra[r]! -= jobs.total[job * R + r]!;
  if (ctx.explaining) {
    ctx.explain({
      time: now,
      job: jobs.ids[job],
      decision: 'backfill',
      reason: endsInTime ? 'ends before the shadow time' : 'uses only extra resources',
      shadow_time: shadow,
      blocked_head: jobs.ids[head],
    });
  }
}

/** True when `avail` covers the request stored in `table` at `base`. */
function covers(avail: Float64Array, table: Float64Array, base: number, R: number): boolean {
  for (let r = 0; r < R; r++) if (table[base + r]! > avail[r]! + EPSILON) return false;
  return true;
}

function named(values: Float64Array, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((name, r) => (out[name] = values[r]!));
  return out;
}
