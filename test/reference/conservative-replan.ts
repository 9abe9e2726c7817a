/**
 * The previous implementation of conservative backfilling, kept as an oracle for
 * the differential test (test/schedulers/conservative-diff.test.ts): at every
 * early end it rebuilds the whole profile and re-plans every queued job against
 * it, on a flat profile (flat-profile.ts). schedulers/backfill/conservative.ts
 * must take exactly its decisions.
 *
 * Conservative backfilling (Mu'alem and Feitelson, "Utilization, predictability,
 * workloads, and user runtime estimates in scheduling the IBM SP2 with
 * backfilling", IEEE TPDS 12(6), 2001): every queued job holds a reservation,
 * and a job may start early only if it delays no reservation.
 *
 * - A new job gets the earliest slot (by estimates) that fits around the
 *   running jobs and all existing reservations.
 * - When a job ends before its estimate, the schedule is compressed: in queue
 *   order, each job's reservation is taken out and put back at the earliest
 *   slot that fits around the others. Its old slot still fits, so no job ever
 *   moves later than its reservation, which is the guarantee of the algorithm.
 *   A job ending at its estimate changes nothing (the schedule assumed it), as
 *   in the paper, pyss and batsched.
 * - A job whose reservation is now starts, if its placement fits. Explained as
 *   `start` when every job before it in queue order has started, else as
 *   `backfill`: it starts ahead of a job still waiting without delaying any
 *   reservation; the record names the first job it jumped (`blocked_head`)
 *   and that job's reservation (`shadow_time`), as EASY's records do.
 *
 * Conventions: a running job at or past its estimate is expected to end now,
 * and a reservation whose time passed without a start (its placement did not
 * fit) counts from now; both make the pass a whole one (rebuild and compress).
 * The profile is on total free amounts per resource, like EASY's (see
 * easy.ts). It is kept between passes: a pass that only adds arrivals and
 * starts due jobs costs O(queue + its new slots); a compression costs
 * O(queue × profile points).
 */
import type { SchedulingContext } from '../../sim/policy.ts';
import type { Placement } from '../../sim/cluster.ts';
import type { BackfillPolicy } from '../../schedulers/types.ts';
import { Profile } from './flat-profile.ts';

export function createReplanningConservative(): BackfillPolicy {
  /** Reservation start per job index (NaN: none yet). Created at the first pass. */
  let reserved = new Float64Array(0);
  let profile: Profile | null = null;
  let freeNow = new Float64Array(0);
  /** Queued jobs holding a reservation after the last pass (-1: no pass yet). */
  let queuedReserved = -1;
  /** In the current pass: the first job in queue order still waiting after its turn, or -1 (for explanations). */
  let firstWaiting = -1;
  /** The earliest wake-up asked of the engine (-Infinity: none). */
  let wake = -Infinity;

  /** Reserves the earliest slot for `job` in the profile and starts it if that slot is now; true if it started. */
  const reserve = (ctx: SchedulingContext, job: number, old: number, place: (job: number) => Placement | null): boolean => {
    const { jobs, now } = ctx;
    const R = jobs.resources.length;
    const est = jobs.estimate[job]!;
    const at = profile!.earliest(jobs.total, job * R, est);
    profile!.change(at, at + est, jobs.total, job * R, -1);
    reserved[job] = at;
    if (ctx.explaining && at !== old) ctx.explain({ time: now, job: jobs.ids[job], decision: 'reserve', start: at, previous: Number.isNaN(old) ? null : old });
    return at === now && startNow(ctx, job, place);
  };

  const startNow = (ctx: SchedulingContext, job: number, place: (job: number) => Placement | null): boolean => {
    const placement = place(job);
    if (!placement) return false;
    ctx.start(job, placement);
    if (!ctx.explaining) return true;
    const { now, jobs } = ctx;
    if (firstWaiting < 0) ctx.explain({ time: now, job: jobs.ids[job], decision: 'start', reason: 'its reservation is now, in queue order' });
    else {
      ctx.explain({
        time: now,
        job: jobs.ids[job],
        decision: 'backfill',
        reason: 'starts now without delaying any reservation',
        shadow_time: reserved[firstWaiting],
        blocked_head: jobs.ids[firstWaiting],
      });
    }
    return true;
  };

  /**
   * The pass when the schedule stands: nothing ended before its estimate (the free amounts
   * are those the profile planned for now), no running job is at or past its estimate, and
   * every job left queued still holds a reservation that is not past. Then arrivals take their
   * earliest slots around the others and jobs whose reservation is now start. False when a
   * whole pass (rebuild and compression) is needed.
   */
  const keep = (ctx: SchedulingContext, ordered: readonly number[], place: (job: number) => Placement | null): boolean => {
    const { jobs, cluster, now } = ctx;
    const R = jobs.resources.length;
    if (!profile || queuedReserved < 0 || freeNow.length !== R) return false;
    const running = ctx.running();
    if (running.length > 0 && ctx.expectedEnd(running[0]!) <= now) return false;
    if (!profile.advance(now)) return false;
    for (let r = 0; r < R; r++) {
      if (Math.abs(profile.freeAt(0, r) - cluster.totalFree(r)) > 1e-9 * Math.max(1, cluster.totalCapacity(r))) return false;
    }
    let held = 0;
    for (const job of ordered) {
      const at = reserved[job]!;
      if (Number.isNaN(at)) continue;
      if (at < now) return false;
      held++;
    }
    if (held !== queuedReserved) return false; // a queued job left without starting: its slot must go
    let left = 0;
    firstWaiting = -1;
    for (const job of ordered) {
      const at = reserved[job]!;
      const started = Number.isNaN(at) ? reserve(ctx, job, at, place) : at === now && startNow(ctx, job, place);
      if (!started) {
        left++;
        if (firstWaiting < 0) firstWaiting = job;
      }
    }
    queuedReserved = left;
    return true;
  };

  /** A whole pass: rebuild and compress. */
  const replan = (ctx: SchedulingContext, ordered: readonly number[], place: (job: number) => Placement | null): void => {
    const { jobs, cluster, now } = ctx;
    const R = jobs.resources.length;
    // A whole pass: the profile rebuilt from the running jobs and every reservation, then
    // compressed: in queue order, each job's slot is taken out and it gets the earliest slot
    // around the others (never later than the old one, which still fits).
    if (freeNow.length !== R) freeNow = new Float64Array(R);
    for (let r = 0; r < R; r++) freeNow[r] = cluster.totalFree(r);
    if (profile) profile.reset(now, freeNow);
    else profile = new Profile(now, freeNow);
    for (const job of ctx.running()) profile.change(Math.max(now, ctx.expectedEnd(job)), Infinity, jobs.total, job * R, 1);
    // Existing reservations; one whose time has passed (its start failed) counts from now.
    for (const job of ordered) {
      const at = reserved[job]!;
      if (!Number.isNaN(at)) profile.change(Math.max(now, at), Math.max(now, at) + jobs.estimate[job]!, jobs.total, job * R, -1);
    }
    let left = 0;
    firstWaiting = -1;
    for (const job of ordered) {
      const old = reserved[job]!;
      if (!Number.isNaN(old)) profile.change(Math.max(now, old), Math.max(now, old) + jobs.estimate[job]!, jobs.total, job * R, 1);
      if (!reserve(ctx, job, old, place)) {
        left++;
        if (firstWaiting < 0) firstWaiting = job;
      }
    }
    queuedReserved = left;
  };

  return {
    name: 'conservative',
    run(ctx: SchedulingContext, ordered, place) {
      const { jobs, now } = ctx;
      if (reserved.length < jobs.count) {
        // Jobs can be added during a run (controllers): grow, keeping the reservations made so far.
        const grown = new Float64Array(Math.max(jobs.count, 2 * reserved.length)).fill(NaN);
        grown.set(reserved);
        reserved = grown;
      }
      if (!keep(ctx, ordered, place)) replan(ctx, ordered, place);
      // Called again at the earliest reservation after now, where nothing else may happen (a
      // reservation after a job that overran its estimate): unless a wake-up at or before it is due,
      // or nothing runs (a job left waiting in an empty cluster never fits: the engine reports the stall).
      let next = Infinity;
      for (const job of ordered) if (reserved[job]! > now && reserved[job]! < next) next = reserved[job]!;
      if (next !== Infinity && ctx.running().length > 0 && !(wake > now && wake <= next)) {
        ctx.wakeAt(next);
        wake = next;
      }
    },
  };
}
