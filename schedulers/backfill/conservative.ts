/**
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
 * fit) counts from now; both make the pass a whole one (compression). The
 * profile is on total free amounts per resource, like EASY's (see easy.ts).
 * After each pass the engine is asked to call again at the earliest reservation
 * ahead, where no other event may fall (wakeAtNextReservation).
 *
 * Cost. The profile (profile.ts) is kept from pass to pass and brought up to
 * date by the changes alone (schedule-sync.ts: early ends, jobs that left, late
 * reservations), instead of being rebuilt from every running job and
 * reservation. In a compression a job can only move earlier, so each job asks
 * the profile only whether it fits somewhere before its reservation (its own
 * slot stays in place: the part of a window from before the reservation into
 * it fits, as the slot does); most jobs cannot, and the search stops at the
 * reservation, or earlier: at the latest end of the releases made since the
 * job's last search (release-log.ts), skipped when there was none. A job that
 * can moves there. A job like the last one compressed from the same reservation
 * starts its search where that one landed (`lastJob`). The decisions are those of taking
 * every slot out and putting it back (test/schedulers/conservative-diff.test.ts
 * compares the two on random workloads); when a slot might not fit any more
 * (capacity lost, a late reservation counted from now), a job whose slot has
 * an amount below zero takes that slower path.
 */
import { grown } from '../../sim/arrays.ts';
import type { SchedulingContext } from '../../sim/policy.ts';
import type { Placement } from '../../sim/cluster.ts';
import type { BackfillPolicy } from '../types.ts';
import { Profile } from './profile.ts';
import { Slots } from './schedule-sync.ts';

export function createConservative(): BackfillPolicy {
  const schedule = new ConservativeSchedule();
  return {
    name: 'conservative',
    run: (ctx, ordered, place) => schedule.run(ctx, ordered, place),
  };
}

type Place = (job: number) => Placement | null;

/** The reservations of one run, kept from pass to pass. */
class ConservativeSchedule {
  /** Reservation start per job index (NaN: none yet). */
  private reserved = new Float64Array(0);
  /** Releases in the log when the job's reservation was last found to be its earliest slot. */
  private settled = new Float64Array(0);
  private profile: Profile | null = null;
  private readonly slots = new Slots();
  /** Queued jobs holding a reservation after the last pass (-1: no pass yet). */
  private queuedReserved = -1;
  /** In the current pass: the first job in queue order still waiting after its turn, or -1 (for explanations). */
  private firstWaiting = -1;
  /**
   * The last job compressed from its reservation `lastFrom` to `lastAt` (the same time: it
   * stayed) and the profile's version after it (-1: none). While the profile stays at that
   * version, a job reserved at the same time that needs at least as much of every resource
   * for at least as long cannot start before `lastAt`: each of its windows before then holds
   * one of the other job's, which did not fit, and asks more of it; the other's move only took
   * amounts before `lastFrom` (what it released starts later). So its search starts there, and
   * it stays without one if `lastAt` is its reservation. Queues hold runs of identical jobs (a
   * user's array of jobs): this spares most of their searches.
   */
  private lastJob = -1;
  private lastFrom = NaN;
  private lastAt = NaN;
  private lastVersion = -1;
  /** The time of the current pass (ctx.now, read once: it is read for every job). */
  private now = 0;
  /** The earliest wake-up asked of the engine (-Infinity: none). */
  private wake = -Infinity;

  run(ctx: SchedulingContext, ordered: readonly number[], place: Place): void {
    const { jobs, now } = ctx;
    this.now = now;
    if (this.reserved.length < jobs.count) {
      // Jobs can be added during a run (controllers): grow, keeping the reservations made so far.
      this.reserved = grown(this.reserved, Math.max(jobs.count, 2 * this.reserved.length), NaN);
      this.settled = grown(this.settled, this.reserved.length);
    }
    this.slots.grow(jobs.count);
    if (this.profile && !this.profile.advance(now)) this.profile = null;
    if (!this.keep(ctx, ordered, place)) this.compressAll(ctx, ordered, place);
    this.wakeAtNextReservation(ctx, ordered);
  }

  /**
   * Asks the engine to call again at the earliest reservation after now. Nothing else may
   * happen then: a reservation can follow the planned end of a job that overran its estimate,
   * or the planned slot of a job whose start failed; without a call, the job would start at
   * the next event instead of at its reservation. A wake-up already asked for at or before
   * that time asks again itself. With no job running, a job still waiting can never be placed
   * (the cluster is empty): no wake-up, so that the engine reports the stall.
   */
  private wakeAtNextReservation(ctx: SchedulingContext, ordered: readonly number[]): void {
    const { now, reserved } = this;
    if (ctx.running().length === 0) return;
    let next = Infinity;
    for (const job of ordered) {
      const at = reserved[job]!;
      if (at > now && at < next) next = at; // a job started in this pass has its reservation now
    }
    if (next === Infinity || (this.wake > now && this.wake <= next)) return;
    ctx.wakeAt(next);
    this.wake = next;
  }

  /** A whole pass: the profile brought up to date, then compressed. */
  private compressAll(ctx: SchedulingContext, ordered: readonly number[], place: Place): void {
    // A whole pass: the profile brought to what it would be if rebuilt from the running jobs
    // and every reservation (one past counts from now), then compressed in queue order.
    const { slots, reserved } = this;
    if (!this.profile || !slots.sync(ctx, ordered, reserved, this.profile)) this.profile = slots.rebuild(ctx, ordered, reserved, this.profile);
    const profile = this.profile;
    let feasible = profile.feasible();
    let left = 0;
    this.firstWaiting = -1;
    for (const job of ordered) {
      const held = slots.holds(job);
      const started = held ? this.compress(ctx, job, feasible, place) : this.reserve(ctx, job, reserved[job]!, place);
      if (held && !feasible) feasible = profile.feasible();
      if (!started) {
        left++;
        if (this.firstWaiting < 0) this.firstWaiting = job;
      }
    }
    this.queuedReserved = left;
  }

  /** Sets the job's reservation to `at` (its slot already there), explains a change, and starts it if `at` is now. */
  private settle(ctx: SchedulingContext, job: number, old: number, at: number, place: Place): boolean {
    const { now } = this;
    this.reserved[job] = at;
    this.settled[job] = this.slots.log.count;
    if (ctx.explaining && at !== old) ctx.explain({ time: now, job: ctx.jobs.ids[job], decision: 'reserve', start: at, previous: Number.isNaN(old) ? null : old });
    return at === now && this.startNow(ctx, job, place);
  }

  /** Reserves the earliest slot for a job holding none; true if it started. */
  private reserve(ctx: SchedulingContext, job: number, old: number, place: Place): boolean {
    const { jobs } = ctx;
    const R = jobs.resources.length;
    const est = jobs.estimate[job]!;
    const at = this.profile!.earliest(jobs.total, job * R, est);
    this.slots.take(this.profile!, jobs, job, at, at + est);
    return this.settle(ctx, job, old, at, place);
  }

  /** Compression of one job holding a slot: the earliest slot around the others, never later than its own. */
  private compress(ctx: SchedulingContext, job: number, feasible: boolean, place: Place): boolean {
    const { jobs } = ctx;
    const { slots } = this;
    const profile = this.profile!;
    const R = jobs.resources.length;
    const old = this.reserved[job]!;
    const est = jobs.estimate[job]!;
    const from = slots.from[job]!;
    if (!feasible && !profile.nonNegative(from, slots.to[job]!)) {
      // Its slot may not fit any more: out, then the earliest slot over the whole profile.
      slots.release(profile, jobs, job, this.now);
      return this.reserve(ctx, job, old, place);
    }
    const floor = this.floor(jobs, job, from, profile.version);
    if (floor === from) return this.settle(ctx, job, old, from, place);
    // Only a window meeting a release made since its last search can fit now (release-log.ts).
    const since = est > 0 ? slots.log.latestEndSince(this.settled[job]!) : Infinity;
    const at = since === -Infinity ? from : profile.earliest(jobs.total, job * R, est, from, Math.min(from, since), floor);
    if (at < from) slots.move(profile, jobs, job, at, this.now);
    this.lastJob = job;
    this.lastFrom = from;
    this.lastAt = at;
    this.lastVersion = profile.version;
    return this.settle(ctx, job, old, at, place);
  }

  /** The earliest time the job, reserved at `from`, can start (see `lastJob`); -Infinity if not known. */
  private floor(jobs: SchedulingContext['jobs'], job: number, from: number, version: number): number {
    const other = this.lastJob;
    if (version !== this.lastVersion || from !== this.lastFrom || !(jobs.estimate[job]! >= jobs.estimate[other]!)) return -Infinity;
    const R = jobs.resources.length;
    for (let r = 0; r < R; r++) if (!(jobs.total[job * R + r]! >= jobs.total[other * R + r]!)) return -Infinity;
    return this.lastAt;
  }

  private startNow(ctx: SchedulingContext, job: number, place: Place): boolean {
    const placement = place(job);
    if (!placement) return false;
    ctx.start(job, placement);
    if (!ctx.explaining) return true;
    const { now, jobs } = ctx;
    const firstWaiting = this.firstWaiting;
    if (firstWaiting < 0) ctx.explain({ time: now, job: jobs.ids[job], decision: 'start', reason: 'its reservation is now, in queue order' });
    else {
      ctx.explain({
        time: now,
        job: jobs.ids[job],
        decision: 'backfill',
        reason: 'starts now without delaying any reservation',
        shadow_time: this.reserved[firstWaiting],
        blocked_head: jobs.ids[firstWaiting],
      });
    }
    return true;
  }

  /**
   * The pass when the schedule stands: nothing ended before its estimate (the free amounts
   * are those the profile planned for now), no running job is at or past its estimate, and
   * every job left queued still holds a reservation that is not past. Then arrivals take their
   * earliest slots around the others and jobs whose reservation is now start. False when a
   * whole pass (compression) is needed.
   */
  private keep(ctx: SchedulingContext, ordered: readonly number[], place: Place): boolean {
    const { jobs, cluster, now } = ctx;
    const { profile, reserved } = this;
    const R = jobs.resources.length;
    if (!profile || this.queuedReserved < 0 || this.slots.resources !== R) return false;
    const running = ctx.running();
    if (running.length > 0 && ctx.expectedEnd(running[0]!) <= now) return false;
    for (let r = 0; r < R; r++) {
      if (Math.abs(profile.freeAtStart(r) - cluster.totalFree(r)) > 1e-9 * Math.max(1, cluster.totalCapacity(r))) return false;
    }
    let held = 0;
    for (const job of ordered) {
      const at = reserved[job]!;
      if (Number.isNaN(at)) continue;
      if (at < now) return false;
      held++;
    }
    if (held !== this.queuedReserved) return false; // a queued job left without starting: its slot must go
    let left = 0;
    this.firstWaiting = -1;
    for (const job of ordered) {
      const at = reserved[job]!;
      const started = Number.isNaN(at) ? this.reserve(ctx, job, at, place) : at === now && this.startNow(ctx, job, place);
      if (!started) {
        left++;
        if (this.firstWaiting < 0) this.firstWaiting = job;
      }
    }
    this.queuedReserved = left;
    return true;
  }
}
