/**
 * The recovery controller: owner of every job that is not a service replica.
 * It applies a recovery policy when a job's node failed (at eviction time),
 * when its process crashed, or when its node is drained, and records each
 * interruption for the metrics (when the job stopped making progress, when the
 * decision was taken, when it made progress again).
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import { JobState } from '../../sim/policy.ts';
import type { JobOwner, World } from '../control/world.ts';
import type { RecoveryPolicy } from './policy.ts';

export interface Interruption {
  job: number;
  cause: 'node-failure' | 'task-failure' | 'drain';
  /** When the job stopped making progress. */
  at: number;
  /** When the recovery decision was applied (eviction, crash, drain deadline). */
  decidedAt: number;
  /** When it ran again (NaN if it never did). */
  resumedAt: number;
  /** What was done: requeue, wait (bound to its node), restart (in place), failed. */
  action: 'requeue' | 'wait' | 'restart' | 'failed';
}

const BACKOFF = 0;
const WAIT_EXPIRED = 1;

export class RecoveryController implements Controller, JobOwner {
  readonly name = 'recovery';
  readonly interruptions: Interruption[] = [];
  readonly policy: RecoveryPolicy;
  private readonly world: World;
  private ctxRef: ControlContext | null = null;
  private readonly count = new Map<number, number>();
  private readonly taskFailures = new Map<number, number>();
  private readonly open = new Map<number, Interruption>();
  private readonly waits = new Map<number, number>();
  private readonly backoffUntil = new Map<number, number>();
  /** When each job last started or restarted running (the kubelet's back-off reset measures from there). */
  private readonly runningSince = new Map<number, number>();
  /** The back-off delay of each job's last crash restart in place. */
  private readonly lastDelay = new Map<number, number>();

  constructor(world: World, policy: RecoveryPolicy) {
    this.world = world;
    this.policy = policy;
  }

  private get ctx(): ControlContext {
    return this.ctxRef!;
  }

  start(ctx: ControlContext): void {
    this.ctxRef = ctx;
    this.world.defaultOwner = this;
  }

  /** Records an interruption; fails the job when it has used up its retries. Returns whether it may go on. */
  private interrupted(job: number, cause: Interruption['cause'], at: number, action: Interruption['action']): Interruption | null {
    const rec: Interruption = { job, cause, at, decidedAt: this.ctx.now, resumedAt: NaN, action };
    this.interruptions.push(rec);
    if (cause !== 'drain') {
      const n = (this.count.get(job) ?? 0) + 1;
      this.count.set(job, n);
      if (n > this.policy.maxRetries) {
        rec.action = 'failed';
        this.ctx.fail(job, `${cause}: more than ${this.policy.maxRetries} retries`);
        return null;
      }
    }
    this.open.set(job, rec);
    return rec;
  }

  private progressOf(job: number): number {
    return this.world.stalled.get(job)?.progress ?? this.ctx.now - this.ctx.startTime(job);
  }

  evict(job: number): void {
    const since = this.world.stalled.get(job)?.since ?? this.ctx.now;
    const decision = this.policy.onNodeFailure();
    const rec = this.interrupted(job, 'node-failure', since, decision.action);
    if (!rec) return;
    if (decision.action === 'requeue') {
      this.lastDelay.delete(job); // a new pod elsewhere: no crash-loop history
      this.ctx.requeue(job, 'node failure', this.policy.kept(this.progressOf(job)));
    } else {
      this.waits.set(job, this.ctx.now + decision.maxWait);
      if (Number.isFinite(decision.maxWait)) this.ctx.at(this.ctx.now + decision.maxWait, job * 2 + WAIT_EXPIRED);
    }
  }

  nodeBack(job: number): void {
    this.waits.delete(job);
    // Rejoined before eviction: the interruption was not recorded yet.
    if (!this.open.has(job)) {
      const since = this.world.stalled.get(job)?.since ?? this.ctx.now;
      if (!this.interrupted(job, 'node-failure', since, 'restart')) return;
    }
    this.world.restart(this.ctx, job, 'node back', this.policy.kept(this.progressOf(job)));
    this.runningSince.set(job, this.ctx.now);
    this.resumed(job);
  }

  crashed(job: number): void {
    const failures = (this.taskFailures.get(job) ?? 0) + 1;
    this.taskFailures.set(job, failures);
    const ranFor = this.ctx.now - (this.runningSince.get(job) ?? this.ctx.startTime(job));
    const decision = this.policy.onTaskFailure({ failures, ranFor, previousDelay: this.lastDelay.get(job) ?? null });
    const rec = this.interrupted(job, 'task-failure', this.ctx.now, decision.action);
    if (!rec) return;
    if (decision.action === 'requeue') {
      this.lastDelay.delete(job);
      this.ctx.requeue(job, 'task failure', this.policy.kept(this.progressOf(job)));
      return;
    }
    this.lastDelay.set(job, decision.after);
    if (decision.after <= 0) {
      this.world.restart(this.ctx, job, 'task restarted', this.policy.kept(this.progressOf(job)));
      this.runningSince.set(job, this.ctx.now);
      this.resumed(job);
    } else {
      this.backoffUntil.set(job, this.ctx.now + decision.after);
      this.ctx.at(this.ctx.now + decision.after, job * 2 + BACKOFF);
    }
  }

  drain(job: number, _node: number, deadlinePassed: boolean): 'moved' | 'wait' {
    // Batch jobs may finish during the drain; at the deadline they are evicted, keeping checkpointed work.
    if (!deadlinePassed) return 'wait';
    const rec = this.interrupted(job, 'drain', this.ctx.now, 'requeue');
    if (rec) this.ctx.requeue(job, 'node drained', this.policy.kept(this.progressOf(job)));
    return 'moved';
  }

  onTimer(tag: number): void {
    const job = Math.floor(tag / 2);
    const ctx = this.ctx;
    if (ctx.state(job) !== JobState.Running) return;
    if (tag % 2 === BACKOFF) {
      if (this.backoffUntil.get(job) !== ctx.now || this.world.stalled.get(job)?.cause !== 'crash') return;
      this.backoffUntil.delete(job);
      this.world.restart(ctx, job, 'back-off over', this.policy.kept(this.progressOf(job)));
      this.runningSince.set(job, ctx.now);
      this.resumed(job);
    } else if (this.waits.get(job) === ctx.now) {
      this.waits.delete(job);
      const rec = this.open.get(job);
      if (rec) rec.action = 'requeue';
      this.lastDelay.delete(job);
      ctx.requeue(job, 'gave up waiting for its node', this.policy.kept(this.progressOf(job)));
    }
  }

  onJobStart(job: number): void {
    this.runningSince.set(job, this.ctx.now);
    if (!this.world.stalled.has(job)) this.resumed(job);
  }

  onJobEnd(job: number, ctx: ControlContext): void {
    if (ctx.state(job) !== JobState.Running && ctx.state(job) !== JobState.Queued) {
      this.open.delete(job);
      this.waits.delete(job);
      this.runningSince.delete(job);
      this.lastDelay.delete(job);
    }
  }

  private resumed(job: number): void {
    const rec = this.open.get(job);
    if (rec) {
      rec.resumedAt = this.ctx.now;
      this.open.delete(job);
    }
  }

  /** True while a crashed job waits out its back-off before restarting in place. */
  inBackoff(job: number): boolean {
    return this.backoffUntil.has(job);
  }

  /** Jobs bound to a failed node, waiting to restart in place. */
  waiting(): ReadonlyMap<number, number> {
    return this.waits;
  }
}
