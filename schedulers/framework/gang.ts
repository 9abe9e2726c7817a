/**
 * Gangs (job.gang: all or nothing with minMember and a timeout, as the
 * coscheduling plugin's PodGroup): every queued member is assumed; the gang
 * is bound when at least minMember members run or fit, else none is. Members
 * of a gang that does not reach minMember before its deadline are rejected.
 * See docs/batch-schedulers.md "Gangs, quotas and fairness".
 */
import { JobState, type SchedulingContext } from '../../sim/policy.ts';
import type { PodAttempts } from './attempt.ts';
import type { CycleFailure, CycleResult } from './cycle.ts';
import type { PodInfo } from './pod.ts';
import type { SchedulingQueue } from './queue.ts';
import type { SchedulerShared } from './shared.ts';

export class Gangs {
  private readonly shared: SchedulerShared;
  private readonly attempts: PodAttempts;
  private readonly queue: SchedulingQueue;
  /** Jobs of each gang, in submission order. */
  private readonly members = new Map<string, number[]>();
  /** Time by which each gang with a timeout must reach minMember. */
  private readonly deadlines = new Map<string, number>();
  /** Gangs that reached minMember once (their timeout no longer applies). */
  private readonly satisfied = new Set<string>();
  /** Times already asked of the engine (one wake-up each). */
  private readonly wakeRequested = new Set<number>();

  constructor(shared: SchedulerShared, attempts: PodAttempts, queue: SchedulingQueue) {
    this.shared = shared;
    this.attempts = attempts;
    this.queue = queue;
  }

  /** A gang member was submitted at `now`: its gang's deadline starts with its first member. */
  add(pod: PodInfo, now: number): void {
    const gang = pod.gang!;
    const list = this.members.get(gang.name);
    if (list) list.push(pod.job);
    else this.members.set(gang.name, [pod.job]);
    if (gang.timeout !== undefined && !this.deadlines.has(gang.name)) this.deadlines.set(gang.name, now + gang.timeout);
  }

  /** Gang timeouts: members of a gang that never reached minMember in time are rejected; a wake-up is asked for each future deadline. */
  expire(ctx: SchedulingContext): void {
    for (const [gang, deadline] of this.deadlines) {
      if (this.satisfied.has(gang)) continue;
      if (ctx.now >= deadline) {
        for (const j of this.members.get(gang) ?? []) {
          if (ctx.state(j) !== JobState.Queued) continue;
          const pod = this.shared.podOf(j);
          const reason = `gang ${gang} did not reach minMember ${pod.gang!.minMember} within its timeout (${pod.gang!.timeout} s)`;
          ctx.reject(j, reason);
          if (ctx.explaining) ctx.explain({ time: ctx.now, pod: pod.id, decision: 'rejected', gang, reason });
        }
        this.deadlines.delete(gang);
      } else if (!this.wakeRequested.has(deadline)) {
        this.wakeRequested.add(deadline);
        ctx.wakeAt(deadline);
      }
    }
  }

  /** Assumes every queued member of `leader`'s gang; binds them all if the gang reaches minMember, else forgets them. Members are marked done for this pass. */
  schedule(ctx: SchedulingContext, leader: PodInfo, done: Set<number>): void {
    const gang = leader.gang!;
    const members = this.members.get(gang.name) ?? [];
    for (const m of members) done.add(m);
    const queued = members.filter((j) => ctx.state(j) === JobState.Queued).map((j) => this.shared.podOf(j)).sort(this.queue.order);
    const running = members.filter((j) => ctx.state(j) === JobState.Running).length;
    if (queued.length + running < gang.minMember) {
      if (ctx.explaining) ctx.explain({ time: ctx.now, pod: leader.id, decision: 'waiting', gang: gang.name, reason: `gang ${gang.name} has ${queued.length + running} of minMember ${gang.minMember} pods` });
      return;
    }
    const assumed: { pod: PodInfo; placements: CycleResult[] }[] = [];
    const failed: { pod: PodInfo; failure: CycleFailure }[] = [];
    for (const m of queued) {
      if (m.job !== leader.job) this.queue.attempted(m.job); // the leader's attempt is counted by the pass
      const r = this.attempts.assume(ctx, m, ctx.explaining);
      if ('placements' in r) assumed.push({ pod: m, placements: r.placements });
      else failed.push({ pod: m, failure: r.failure });
    }
    if (assumed.length + running >= gang.minMember) {
      this.satisfied.add(gang.name);
      for (const a of assumed) {
        this.attempts.bind(ctx, a.pod, a.placements);
        if (ctx.explaining) this.attempts.explainScheduled(ctx, a.pod, a.placements, { gang: gang.name });
      }
      return;
    }
    for (const a of assumed) this.shared.snapshot.remove(a.pod.job);
    if (ctx.explaining) {
      ctx.explain({
        time: ctx.now,
        pod: leader.id,
        decision: 'unschedulable',
        gang: gang.name,
        reason: `gang ${gang.name}: ${assumed.length + running} of minMember ${gang.minMember} pods fit; none bound`,
        failed: failed.map((f) => ({ pod: f.pod.id, message: f.failure.message })),
      });
    }
    for (const m of queued) this.queue.failed(m.job, ctx.now);
  }
}
