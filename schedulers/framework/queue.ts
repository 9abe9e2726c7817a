/**
 * The scheduling queue: which queued pods get a cycle in a pass, and in what
 * order. As upstream's unschedulable queue, a pod that failed is not tried
 * again until something that could help it happened (a job ended or was
 * preempted, capacity changed, a node was uncordoned; for pods with required
 * pod affinity, hard spread constraints or a gang, any start), and then not
 * before its back-off has run (backoffDuration). Pods that can never run
 * (hopeless: unknown resources, too wide for the empty cluster, no profile,
 * over quota) are rejected at the next pass.
 */
import { SimulationError } from '../../sim/errors.ts';
import { JobState, type SchedulingContext } from '../../sim/policy.ts';
import type { PodInfo } from './pod.ts';
import type { SchedulerShared } from './shared.ts';

export type UnschedulableMode = 'auto' | 'wait' | 'reject';

/** Generations of the events that can help a pod when it last failed, and when that was. */
interface Failed {
  freed: number;
  start: number;
  /** Time of the failure (upstream: the pod's queue timestamp). */
  at: number;
}

/** Upstream defaults of KubeSchedulerConfiguration podInitialBackoffSeconds and podMaxBackoffSeconds. */
export const POD_INITIAL_BACKOFF = 1;
export const POD_MAX_BACKOFF = 10;

/**
 * Upstream calculateBackoffDuration (backend/queue/scheduling_queue.go): the
 * initial back-off doubled for each attempt after the first, capped at the
 * maximum.
 */
export function backoffDuration(attempts: number): number {
  if (attempts <= 0) return 0;
  let d = POD_INITIAL_BACKOFF;
  for (let i = 1; i < attempts; i++) {
    if (d > POD_MAX_BACKOFF - d) return POD_MAX_BACKOFF;
    d += d;
  }
  return d;
}

/** What the queue says of a pod that failed before: try it, wait for an event, or wait for its back-off to end. */
export const enum Readiness {
  Ready,
  Unchanged,
  BackingOff,
}

export class SchedulingQueue {
  private readonly shared: SchedulerShared;
  private readonly mode: UnschedulableMode;
  /** Pods that can never run, and why: rejected at the next pass. */
  private readonly hopeless = new Map<number, string>();
  /** Generation of events that can help pending pods (ends, preemptions, capacity). */
  private freedGen = 0;
  /** Generation of starts (help pods with pod affinity, hard spread, gangs). */
  private startGen = 0;
  private capacitySeen = -1;
  /** Cordon flags at the last pass (1: cordoned), to see nodes uncordoned since. */
  private cordons = new Uint8Array(0);
  private readonly failedAt = new Map<number, Failed>();
  /** Scheduling attempts per pod (upstream QueuedPodInfo.Attempts): the back-off doubles with each. */
  private readonly attempts = new Map<number, number>();
  /** Back-off ends already asked of the engine (one wake-up each). */
  private readonly wakeRequested = new Set<number>();
  /**
   * True for a pass whose failures' FitError messages cannot be read: not
   * explaining, and no pod can be rejected at its end (see mayRejectAtEnd).
   * A failed job's count of pods that fit is then enough (job-fit.ts skips the
   * per-node diagnosis, the costly part of a failure).
   */
  detailsUnread = false;

  constructor(shared: SchedulerShared, mode: UnschedulableMode) {
    this.shared = shared;
    this.mode = mode;
  }

  markHopeless(job: number, reason: string): void {
    this.hopeless.set(job, reason);
  }

  /** A pod ended, was preempted or requeued: resources freed. */
  freed(): void {
    this.freedGen++;
  }

  /** A pod was bound. */
  started(job: number): void {
    this.startGen++;
    this.failedAt.delete(job);
    this.attempts.delete(job);
  }

  /** A pod gets a scheduling attempt (a cycle, or its gang's). */
  attempted(job: number): void {
    this.attempts.set(job, (this.attempts.get(job) ?? 0) + 1);
  }

  /** A pod failed its attempt at `now`: it waits for an event that could help it. */
  failed(job: number, now: number): void {
    this.failedAt.set(job, { freed: this.freedGen, start: this.startGen, at: now });
  }

  /**
   * Whether a pod that failed before is tried in this pass: not while nothing
   * that could help it happened since (upstream's unschedulable pods and
   * queueing hints), nor while its back-off runs (upstream moves a woken pod to
   * the backoff queue until its last failure is backoffDuration(attempts) old,
   * then to the active queue; here a wake-up is asked for that time).
   */
  readiness(ctx: SchedulingContext, pod: PodInfo): Readiness {
    const f = this.failedAt.get(pod.job);
    if (f === undefined) return Readiness.Ready;
    if (f.freed === this.freedGen && (!needsStartRetry(pod) || f.start === this.startGen)) return Readiness.Unchanged;
    const until = f.at + backoffDuration(this.attempts.get(pod.job) ?? 0);
    if (ctx.now >= until) return Readiness.Ready;
    if (!this.wakeRequested.has(until)) {
      this.wakeRequested.add(until);
      ctx.wakeAt(until);
    }
    return Readiness.BackingOff;
  }

  /** Start of a pass: notes capacity changes and uncordoned nodes, and rejects the hopeless pods. */
  beginPass(ctx: SchedulingContext): void {
    if (ctx.cluster.capacityVersion !== this.capacitySeen) {
      this.capacitySeen = ctx.cluster.capacityVersion;
      this.freedGen++;
    }
    if (this.uncordoned(ctx)) this.freedGen++;
    // Wake-ups already past are forgotten now and then (a long run asks for many).
    if (this.wakeRequested.size > 4096) for (const t of this.wakeRequested) if (t <= ctx.now) this.wakeRequested.delete(t);
    for (const [job, reason] of this.hopeless) {
      if (ctx.state(job) !== JobState.Queued) continue;
      ctx.reject(job, reason);
      if (ctx.explaining) ctx.explain({ time: ctx.now, pod: ctx.jobs.ids[job], decision: 'rejected', reason });
    }
    this.hopeless.clear();
    this.detailsUnread = !ctx.explaining && !this.mayRejectAtEnd(ctx);
  }

  /**
   * Whether endPass may reject the pass's failures (reading their messages):
   * always in `reject` mode, never in `wait`; in `auto` only when no running
   * job will ever end at the end of the pass. That cannot happen when at the
   * start some job runs, every running job has a finite expected end, every
   * queued job a finite estimate (the ones bound in the pass will end), and no
   * queued pod can preempt (only preemption stops running jobs in a pass).
   */
  private mayRejectAtEnd(ctx: SchedulingContext): boolean {
    if (this.mode !== 'auto') return this.mode === 'reject';
    const running = ctx.running();
    if (running.length === 0) return true;
    let lowest = Infinity;
    for (const j of running) {
      if (!Number.isFinite(ctx.expectedEnd(j))) return true;
      const priority = this.shared.podOf(j).priority;
      if (priority < lowest) lowest = priority;
    }
    for (const j of ctx.queued()) {
      if (ctx.state(j) !== JobState.Queued) continue;
      if (!Number.isFinite(ctx.jobs.estimate[j]!)) return true;
      const pod = this.shared.podOf(j);
      if (pod.priority > lowest && pod.preemptionPolicy !== 'Never' && this.shared.profileOf(pod).postFilters.length > 0) return true;
    }
    return false;
  }

  /**
   * A node update that can make pods schedulable: a node uncordoned since the
   * last pass (upstream's NodeUnschedulable queueing hint: Unschedulable true →
   * false). Cordons bump no capacity version, so the flags are compared.
   */
  private uncordoned(ctx: SchedulingContext): boolean {
    const flags = ctx.cluster.unschedulable;
    if (flags.length !== this.cordons.length) {
      const grown = new Uint8Array(flags.length);
      grown.set(this.cordons.subarray(0, Math.min(flags.length, this.cordons.length)));
      this.cordons = grown;
    }
    let woke = false;
    for (let node = 0; node < flags.length; node++) {
      const now = flags[node] ? 1 : 0;
      if (this.cordons[node] === 1 && now === 0) woke = true;
      this.cordons[node] = now;
    }
    return woke;
  }

  /** Bound pods first (they already run on their nodes, bound.ts); then the first profile's queue sort; then job order. */
  readonly order = (a: PodInfo, b: PodInfo): number => {
    const qs = this.shared.first.queueSort;
    return Number(a.nodeName === undefined) - Number(b.nodeName === undefined) || (qs.less(a, b) ? -1 : qs.less(b, a) ? 1 : a.job - b.job);
  };

  /** The queued pods of this pass, sorted unless the order is dynamic (then `next` picks). */
  pending(ctx: SchedulingContext): PodInfo[] {
    const list: PodInfo[] = [];
    for (const j of ctx.queued()) if (ctx.state(j) === JobState.Queued) list.push(this.shared.podOf(j));
    if (!this.shared.first.dynamicQueue) list.sort(this.order);
    return list;
  }

  /** The pod at position i of the pass: with a dynamic order (fair share changes as pods start), the first of the rest, swapped into place. */
  next(list: PodInfo[], i: number): PodInfo {
    if (this.shared.first.dynamicQueue) {
      let best = i;
      for (let k = i + 1; k < list.length; k++) if (this.order(list[k]!, list[best]!) < 0) best = k;
      [list[i], list[best]] = [list[best]!, list[i]!];
    }
    return list[i]!;
  }

  /** End of a pass: in `reject` mode, or in `auto` when no running job will ever end, the pods that failed are rejected. */
  endPass(ctx: SchedulingContext, failures: ReadonlyMap<number, string>): void {
    if (this.mode === 'wait' || failures.size === 0) return;
    const running = ctx.running();
    const nothingEnds = running.length === 0 || !Number.isFinite(ctx.expectedEnd(running[0]!));
    if (this.mode !== 'reject' && !nothingEnds) return;
    if (this.detailsUnread) throw new SimulationError(this.shared.name, ctx.now, 'internal: a pass without failure details ends in rejections (mayRejectAtEnd is wrong)');
    for (const [job, message] of failures) {
      if (ctx.state(job) !== JobState.Queued) continue;
      const reason = this.mode === 'reject' ? message : `${message} (no running job will ever end)`;
      ctx.reject(job, reason);
      if (ctx.explaining) ctx.explain({ time: ctx.now, pod: ctx.jobs.ids[job], decision: 'rejected', reason });
      this.failedAt.delete(job);
      this.attempts.delete(job);
    }
  }
}

const needsStartRetry = (p: PodInfo) => p.requiredAffinity.length > 0 || p.spreadConstraints.some((c) => c.whenUnsatisfiable === 'DoNotSchedule') || p.gang !== undefined;
