/**
 * The slots conservative backfilling holds in its availability profile, one per
 * job: a queued job's reservation, or a running job's time until its expected
 * end. Between passes the profile is kept and only told what changed, so that
 * at a compression it is what rebuilding it from the cluster would give: the
 * free amounts now, every running job released at its expected end (now if it
 * is past), every reservation on [max(now, start), that + estimate).
 *
 * `sync` makes those changes: a job that left (ended, failed, rejected) gives
 * back what is left of its slot, an early end included; a job back in the queue
 * after running, or whose reservation passed without a start, gets the slot a
 * rebuild would give it. It then checks the amounts now against the cluster's;
 * anything it cannot account for (capacity added or lost, a job started by
 * someone else) makes it answer false, and the caller rebuilds (`rebuild`).
 */
import { grown } from '../../sim/arrays.ts';
import type { JobTable } from '../../sim/jobs.ts';
import { JobState, type SchedulingContext } from '../../sim/policy.ts';
import { Profile } from './profile.ts';
import { ReleaseLog } from './release-log.ts';

export class Slots {
  /** Slot per job index, [from, to) (NaN: none). */
  from = new Float64Array(0);
  to = new Float64Array(0);
  /** Every release made to the profile through these slots (see release-log.ts). */
  readonly log = new ReleaseLog();
  /** Resources per job at the last rebuild (-1: none yet). */
  resources = -1;
  /** Jobs that may hold a slot (each once: `listed`). */
  private holders: number[] = [];
  private listed = new Uint8Array(0);
  /** Pass number at which a job was last seen in the queue. */
  private seen = new Int32Array(0);
  private pass = 0;
  private scratch = new Float64Array(0);

  /** Makes room for `count` jobs (jobs can be added during a run). */
  grow(count: number): void {
    if (this.from.length >= count) return;
    const size = Math.max(count, 2 * this.from.length);
    this.from = grown(this.from, size, NaN);
    this.to = grown(this.to, size, NaN);
    this.listed = grown(this.listed, size);
    this.seen = grown(this.seen, size);
  }

  holds(job: number): boolean {
    return !Number.isNaN(this.from[job]!);
  }

  /** Gives the job the slot [a, b) in the profile. */
  take(profile: Profile, jobs: JobTable, job: number, a: number, b: number): void {
    profile.change(a, b, jobs.total, job * jobs.resources.length, -1);
    this.from[job] = a;
    this.to[job] = b;
    if (!this.listed[job]) {
      this.listed[job] = 1;
      this.holders.push(job);
    }
  }

  /**
   * Moves the job's slot (from now on) to start at `a`, keeping its length: where the two
   * overlap nothing changes, so only the parts that differ are touched.
   */
  move(profile: Profile, jobs: JobTable, job: number, a: number, now: number): void {
    const from = this.from[job]!;
    const to = this.to[job]!;
    const b = a + jobs.estimate[job]!;
    if (from >= now && a < from && from < b && b < to) {
      const base = job * jobs.resources.length;
      profile.change(a, from, jobs.total, base, -1);
      profile.change(b, to, jobs.total, base, 1);
      this.log.add(to);
      this.from[job] = a;
      this.to[job] = b;
    } else {
      this.release(profile, jobs, job, now);
      this.take(profile, jobs, job, a, b);
    }
  }

  /** Takes the job's slot out of the profile (what is left of it from `now` on). */
  release(profile: Profile, jobs: JobTable, job: number, now: number): void {
    const a = Math.max(now, this.from[job]!);
    if (a < this.to[job]!) {
      profile.change(a, this.to[job]!, jobs.total, job * jobs.resources.length, 1);
      this.log.add(this.to[job]!);
    }
    this.from[job] = NaN;
    this.to[job] = NaN;
  }

  /** Brings the profile to what a rebuild would give now; false when that cannot be vouched for. */
  sync(ctx: SchedulingContext, ordered: readonly number[], reserved: Float64Array, profile: Profile): boolean {
    const { jobs, now } = ctx;
    const R = jobs.resources.length;
    if (this.resources !== R) return false;
    const pass = ++this.pass;
    for (const job of ordered) {
      if (!Number.isNaN(reserved[job]!) && !this.holds(job)) return false;
      this.seen[job] = pass;
    }
    const { holders, from, to } = this;
    let kept = 0;
    for (let k = 0; k < holders.length; k++) {
      const job = holders[k]!;
      if (!this.holds(job)) {
        this.listed[job] = 0;
        continue;
      }
      if (this.seen[job] === pass) {
        // Queued: its reservation, counted from now if past (and a job back from running holds its old run).
        const a = Math.max(now, reserved[job]!);
        const b = a + jobs.estimate[job]!;
        if (from[job] !== a || to[job] !== b) {
          this.release(profile, jobs, job, now);
          this.take(profile, jobs, job, a, b);
        }
      } else if (ctx.state(job) === JobState.Running) {
        // Still running: its slot must end where a rebuild would release it.
        if (Math.max(now, ctx.expectedEnd(job)) !== Math.max(now, to[job]!)) return false;
      } else {
        this.release(profile, jobs, job, now);
        this.listed[job] = 0;
        continue;
      }
      holders[kept++] = job;
    }
    holders.length = kept;
    return this.startMatches(ctx, ordered, reserved, profile);
  }

  /** Starts over from the cluster: the profile a rebuild gives (the same changes in the same order as ever). */
  rebuild(ctx: SchedulingContext, ordered: readonly number[], reserved: Float64Array, profile: Profile | null): Profile {
    const { jobs, cluster, now } = ctx;
    const R = jobs.resources.length;
    for (const job of this.holders) {
      this.from[job] = NaN;
      this.to[job] = NaN;
      this.listed[job] = 0;
    }
    this.holders.length = 0;
    this.resources = R;
    this.log.add(Infinity);
    if (this.scratch.length !== R) this.scratch = new Float64Array(R);
    for (let r = 0; r < R; r++) this.scratch[r] = cluster.totalFree(r);
    if (profile && profile.resources === R) profile.reset(now, this.scratch);
    else profile = new Profile(now, this.scratch);
    for (const job of ctx.running()) {
      const end = Math.max(now, ctx.expectedEnd(job));
      profile.change(end, Infinity, jobs.total, job * R, 1);
      this.from[job] = now;
      this.to[job] = end;
      this.listed[job] = 1;
      this.holders.push(job);
    }
    for (const job of ordered) {
      const at = reserved[job]!;
      if (!Number.isNaN(at)) this.take(profile, jobs, job, Math.max(now, at), Math.max(now, at) + jobs.estimate[job]!);
    }
    return profile;
  }

  /**
   * Whether the amounts free now in the profile are those of a rebuild: the cluster's, plus
   * the running jobs past their estimates (expected to end now), less the reservations now.
   */
  private startMatches(ctx: SchedulingContext, ordered: readonly number[], reserved: Float64Array, profile: Profile): boolean {
    const { jobs, cluster, now } = ctx;
    const R = jobs.resources.length;
    if (this.scratch.length !== R) this.scratch = new Float64Array(R);
    const expected = this.scratch;
    for (let r = 0; r < R; r++) expected[r] = cluster.totalFree(r);
    for (const job of ctx.running()) {
      if (ctx.expectedEnd(job) > now) break; // ordered by expected end
      for (let r = 0; r < R; r++) expected[r]! += jobs.total[job * R + r]!;
    }
    for (const job of ordered) {
      if (reserved[job]! <= now && jobs.estimate[job]! > 0) for (let r = 0; r < R; r++) expected[r]! -= jobs.total[job * R + r]!;
    }
    for (let r = 0; r < R; r++) {
      if (Math.abs(profile.freeAtStart(r) - expected[r]!) > 1e-9 * Math.max(1, cluster.totalCapacity(r))) return false;
    }
    return true;
  }
}
