/**
 * Conservative backfilling (Mu'alem and Feitelson, "Utilization, predictability,
 * workloads, and user runtime estimates in scheduling the IBM SP2 with
 * backfilling", IEEE TPDS 12(6), 2001): every queued job holds a reservation,
 * and a job may start early only if it delays no reservation.
 *
 * - A new job gets the earliest slot (by estimates) that fits around the
 *   running jobs and all existing reservations.
 * - When jobs end, the schedule is compressed: in queue order, each job's
 *   reservation is taken out and put back at the earliest slot that fits
 *   around the others. Its old slot still fits, so no job ever moves later
 *   than its reservation, which is the guarantee of the algorithm.
 * - A job whose reservation is now starts, if its placement fits. Explained as
 *   `start` when every job before it in queue order has started, else as
 *   `backfill`: it starts ahead of a job still waiting without delaying any
 *   reservation; the record names the first job it jumped (`blocked_head`)
 *   and that job's reservation (`shadow_time`), as EASY's records do.
 *
 * We compress at every scheduling pass rather than only after early ends;
 * when nothing ended early the result is the same reservations. The profile
 * is on total free amounts per resource, like EASY's (see easy.ts). Cost per
 * pass is O(queue × profile points).
 */
import type { SchedulingContext } from '../../sim/policy.ts';
import type { BackfillPolicy } from '../types.ts';
import { Profile } from './profile.ts';

export function createConservative(): BackfillPolicy {
  /** Reservation start per job index (NaN: none yet). Created at the first pass. */
  let reserved = new Float64Array(0);
  return {
    name: 'conservative',
    run(ctx: SchedulingContext, ordered, place) {
      const { jobs, cluster, now } = ctx;
      const R = jobs.resources.length;
      if (reserved.length < jobs.count) {
        // Jobs can be added during a run (controllers): grow, keeping the reservations made so far.
        const grown = new Float64Array(Math.max(jobs.count, 2 * reserved.length)).fill(NaN);
        grown.set(reserved);
        reserved = grown;
      }
      const freeNow = new Float64Array(R);
      for (let r = 0; r < R; r++) freeNow[r] = cluster.totalFree(r);
      const profile = new Profile(now, freeNow);
      for (const job of ctx.running()) profile.change(Math.max(now, ctx.expectedEnd(job)), Infinity, jobs.total, job * R, 1);
      // Existing reservations; one whose time has passed (its start failed) counts from now.
      for (const job of ordered) {
        const at = reserved[job]!;
        if (!Number.isNaN(at)) profile.change(Math.max(now, at), Math.max(now, at) + jobs.estimate[job]!, jobs.total, job * R, -1);
      }
      /** The first job in queue order still waiting after its turn this pass, or -1. */
      let firstWaiting = -1;
      for (const job of ordered) {
        const est = jobs.estimate[job]!;
        const old = reserved[job]!;
        if (!Number.isNaN(old)) profile.change(Math.max(now, old), Math.max(now, old) + est, jobs.total, job * R, 1);
        const at = profile.earliest(jobs.total, job * R, est);
        profile.change(at, at + est, jobs.total, job * R, -1);
        reserved[job] = at;
        if (ctx.explaining && at !== old) ctx.explain({ time: now, job: jobs.ids[job], decision: 'reserve', start: at, previous: Number.isNaN(old) ? null : old });
        let started = false;
        if (at === now) {
          const placement = place(job);
          if (placement) {
            ctx.start(job, placement);
            started = true;
            if (ctx.explaining) {
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
            }
          }
        }
        if (!started && firstWaiting < 0) firstWaiting = job;
      }
    },
  };
}
