/**
 * The shared state of a cluster that changes, and the node lifecycle: what the
 * kubelet and the node controller do in Kubernetes (or slurmd and slurmctld).
 *
 * Every dynamic controller (failure models, recovery, services, autoscalers,
 * rollouts, configuration) reads and changes nodes through this one object, so
 * their views agree: a node is failed or not, detected or not, cordoned for
 * some reasons, wanted down for others. The World is itself a controller (named
 * `node-lifecycle`): it acts through its own ControlContext, sets the timers of
 * failure detection, and sees every job start and end to keep an index of which
 * jobs run on which node.
 *
 * A node failure, step by step (times for Kubernetes defaults):
 *  1. failure at t_f (a failure policy calls failNode). The node stops; the jobs
 *     on it stop making progress (stalled: they keep their resources in the
 *     engine, since nothing knows yet). Until detection the system believes the
 *     node is up: the scheduler may place new work there; that work is stalled
 *     at once and never makes progress (a pod bound to a dead kubelet never
 *     starts). Service endpoints on it stay listed, and requests sent to them fail.
 *  2. detection at t_d: the last heartbeat arrived at or before t_f (heartbeats
 *     every `heartbeatInterval` with a fixed per-node phase); the monitor, which
 *     looks every `monitorPeriod`, declares the node NotReady once `timeout`
 *     passed without one. The node is cordoned (no new work) and listeners
 *     react (services take its endpoints out, after the propagation delay).
 *  3. eviction at t_d + `evictionTimeout` (the pods' toleration of an unreachable
 *     node, 300 s by default in Kubernetes): each job still bound to the node is
 *     handed to its owner, which moves it (requeue elsewhere, with checkpointed
 *     work), fails it, or keeps it bound to restart in place. Once the node holds
 *     nothing it goes down in the engine (its capacity is no longer offered).
 *  4. repair at t_r (the failure policy calls repairNode); the node rejoins at
 *     its next heartbeat: it is up and uncordoned again, and the jobs still
 *     bound to it restart in place. A repair before detection is a blip: the
 *     node never looked failed, but its jobs died and restart in place when it
 *     rejoins.
 * Heartbeats are computed, not simulated event by event: the outcome is the
 * same and a large cluster does not pay one event per heartbeat.
 *
 * The World is split in two: fleet.ts holds the nodes' records, running totals,
 * job index and the changes that are not failures (cordons, removal,
 * maintenance, configuration); this file holds failures and their detection,
 * the jobs' owners and stalls, and drains. world-types.ts holds the records and
 * interfaces, re-exported here for importers.
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import { JobState } from '../../sim/policy.ts';
import { NodeFleet, type FleetOptions } from './fleet.ts';
import { Cordon, Down, type FailureRecord, type JobOwner, type NodeRecord, type StallRecord } from './world-types.ts';

export { Cordon, DEFAULT_HEALTH, Down, GROUP_LABEL, RACK_LABEL, ZONE_LABEL } from './world-types.ts';
export type { FailureRecord, HealthConfig, JobOwner, NodeInfo, NodeRecord, StallRecord, WorldListener } from './world-types.ts';

interface DrainState {
  flag: number;
  deadline: number;
  done: (node: number) => void;
  deadlinePassed: boolean;
}

const TIMER_KINDS = 4;
const DETECT = 0;
const EVICT = 1;
const REJOIN = 2;
const DRAIN_DEADLINE = 3;
const HORIZON = -1;

export class World extends NodeFleet implements Controller {
  readonly name = 'node-lifecycle';
  readonly failures: FailureRecord[] = [];
  readonly stalled = new Map<number, StallRecord>();
  /** Owners of jobs other than the default (the service controller registers its replicas). */
  readonly owners = new Map<number, JobOwner>();
  defaultOwner: JobOwner | null = null;
  /** Jobs found running on a node after its failure was detected (should stay empty: checked by the invariants). */
  readonly placedAfterDetection: string[] = [];
  private readonly drains = new Map<number, DrainState>();

  /** The run ends here: a no-op timer makes it the last instant, so every measure covers the whole horizon. */
  private readonly horizon: number;

  constructor(options: FleetOptions & { horizon?: number }) {
    super(options);
    this.horizon = options.horizon ?? Infinity;
  }

  start(ctx: ControlContext): void {
    this.ctxRef = ctx;
    const R = ctx.cluster.resources.length;
    this.fleetCapacity = new Float64Array(R);
    this.failedCapacity = new Float64Array(R);
    for (let i = 0; i < ctx.cluster.nodeCount; i++) this.register(i);
    if (Number.isFinite(this.horizon)) ctx.at(this.horizon, HORIZON);
    // An instant at the start time, so that work controllers submit in start() is scheduled at once
    // (the engine's first scheduling pass happens at its first event).
    ctx.at(ctx.now, HORIZON);
  }

  // ---- failures: detection, eviction, rejoin ----

  /** A physical failure. Returns false when the node cannot fail now (not in the fleet, already failed, or off for maintenance). */
  failNode(node: number, cause: string): boolean {
    const n = this.nodes[node]!;
    if (!n.inFleet || n.failed || n.down & Down.Maintenance) return false;
    const now = this.ctx.now;
    this.change(n, () => {
      n.failed = true;
      n.failedAt = now;
    });
    const rec: FailureRecord = { node, cause, failedAt: now, detectedAt: NaN, repairedAt: NaN, readyAt: NaN };
    // A failure during an earlier one's recovery (repaired, not yet rejoined) replaces it.
    n.current = rec;
    this.failures.push(rec);
    for (const job of this.jobsOn(node)) this.stall(job, 'node');
    this.ctx.record({ type: 'node-failed', node: n.id, data: { cause } });
    for (const l of this.listeners) l.nodeFailed?.(node);
    n.detectAt = this.detectionTime(n, now);
    this.ctx.at(n.detectAt, node * TIMER_KINDS + DETECT);
    return true;
  }

  /** The failed node is repaired; it rejoins at its next heartbeat. */
  repairNode(node: number): void {
    const n = this.nodes[node]!;
    if (!n.failed) return;
    const now = this.ctx.now;
    this.change(n, () => (n.failed = false));
    if (n.current) n.current.repairedAt = now;
    this.ctx.record({ type: 'node-repaired', node: n.id });
    n.rejoinAt = this.nextHeartbeat(n, now);
    this.ctx.at(n.rejoinAt, node * TIMER_KINDS + REJOIN);
    for (const l of this.listeners) l.nodeRestored?.(node);
  }

  /** When the monitor declares a node that failed at `t` failed. */
  detectionTime(n: NodeRecord, t: number): number {
    const { heartbeatInterval: h, timeout, monitorPeriod: p } = this.health;
    const last = h > 0 ? t - mod(t - n.heartbeatPhase, h) : t;
    let deadline = last + timeout;
    if (p > 0) deadline = Math.ceil(deadline / p) * p;
    return Math.max(t, deadline);
  }

  /** The first heartbeat at or after `t`. */
  nextHeartbeat(n: NodeRecord, t: number): number {
    const h = this.health.heartbeatInterval;
    return h > 0 ? t + mod(n.heartbeatPhase - t, h) : t;
  }

  onTimer(tag: number): void {
    if (tag === HORIZON) return;
    const node = Math.floor(tag / TIMER_KINDS);
    const kind = tag % TIMER_KINDS;
    const n = this.nodes[node]!;
    const now = this.ctx.now;
    if (kind === DETECT) {
      if (!n.failed || n.detected || n.detectAt !== now) return;
      this.change(n, () => (n.detected = true));
      if (n.current) n.current.detectedAt = now;
      n.cordon |= Cordon.NotReady;
      this.sync(n);
      this.ctx.record({ type: 'failure-detected', node: n.id, data: { after: now - n.failedAt } });
      for (const l of this.listeners) l.nodeDetected?.(node);
      n.evictAt = now + this.health.evictionTimeout;
      if (this.health.evictionTimeout === 0) this.evict(n);
      else this.ctx.at(n.evictAt, node * TIMER_KINDS + EVICT);
    } else if (kind === EVICT) {
      if (n.failed && n.detected && n.evictAt === now) this.evict(n);
    } else if (kind === REJOIN) {
      if (n.failed || n.rejoinAt !== now || !n.current) return;
      this.change(n, () => {
        n.detected = false;
        n.down &= ~Down.Failed;
      });
      n.cordon &= ~Cordon.NotReady;
      n.current.readyAt = now;
      n.current = null;
      this.sync(n);
      this.ctx.record({ type: 'node-ready', node: n.id });
      // Jobs still bound to the node (never evicted, or kept to restart in place) restart on it.
      for (const job of this.jobsOn(node)) {
        if (this.stalled.get(job)?.cause === 'node') this.ownerOf(job).nodeBack(job, node);
      }
      for (const l of this.listeners) l.nodeReady?.(node);
    } else if (kind === DRAIN_DEADLINE) {
      const d = this.drains.get(node);
      if (d && d.deadline === now) {
        d.deadlinePassed = true;
        this.continueDrain(node);
      }
    }
  }

  private evict(n: NodeRecord): void {
    const jobs = this.jobsOn(n.index);
    this.ctx.record({ type: 'pods-evicted', node: n.id, data: { jobs: jobs.length } });
    for (const job of jobs) if (this.ctx.state(job) === JobState.Running) this.ownerOf(job).evict(job, n.index);
    n.down |= Down.Failed;
    this.sync(n);
  }

  // ---- jobs ----

  ownerOf(job: number): JobOwner {
    const owner = this.owners.get(job) ?? this.defaultOwner;
    if (!owner) throw new Error(`no owner for job ${this.ctx.jobs.ids[job]}`);
    return owner;
  }

  /** Stops a running job's progress (its node failed, or it crashed); the time it had run is kept as progress. */
  stall(job: number, cause: 'node' | 'crash'): void {
    const s = this.stalled.get(job);
    if (s) {
      // A node failure takes over from a crash back-off: the job now waits for its node.
      if (cause === 'node') s.cause = 'node';
      return;
    }
    const ctx = this.ctx;
    ctx.stall(job);
    this.stalled.set(job, { since: ctx.now, cause, progress: ctx.now - ctx.startTime(job) });
  }

  /** The process of a running job crashed (task failure): it stalls and its owner decides. */
  crashJob(job: number): void {
    if (this.stalled.has(job)) return;
    this.stall(job, 'crash');
    this.ctx.record({ type: 'task-failed', job: this.ctx.jobs.ids[job]! });
    this.ownerOf(job).crashed(job);
  }

  onJobStart(job: number, ctx: ControlContext): void {
    const p = ctx.placementOf(job)!;
    const nodes = [...p.nodes];
    this.jobNodes.set(job, nodes);
    let failed = false;
    let evicted = -1;
    for (const node of nodes) {
      this.jobsOnNode[node]!.add(job);
      const n = this.nodes[node]!;
      if (n.failed) failed = true;
      if (n.detected) {
        this.placedAfterDetection.push(`${ctx.jobs.ids[job]} on ${n.id} at ${ctx.now}`);
        if (ctx.now >= n.evictAt) evicted = node;
      }
    }
    // Placed on a node that died unnoticed: it never makes progress.
    if (failed) this.stall(job, 'node');
    else for (const l of this.listeners) l.jobAttempt?.(job);
    if (evicted >= 0) this.ownerOf(job).evict(job, evicted);
  }

  onJobEnd(job: number, ctx: ControlContext): void {
    if (ctx.state(job) === JobState.Running) return;
    const nodes = this.jobNodes.get(job);
    this.stalled.delete(job);
    if (!nodes) return;
    this.jobNodes.delete(job);
    for (const node of nodes) {
      this.jobsOnNode[node]!.delete(job);
      const n = this.nodes[node]!;
      this.sync(n);
      if (this.drains.has(node) && this.jobsOnNode[node]!.size === 0) this.continueDrain(node);
    }
  }

  /** Restarts a stalled job in place through its owner's context; it makes progress again. */
  restart(ctx: ControlContext, job: number, reason: string, keptWork: number): void {
    ctx.restart(job, reason, keptWork);
    this.stalled.delete(job);
    for (const l of this.listeners) l.jobAttempt?.(job);
  }

  // ---- drains ----

  /**
   * Drains a node: cordons it (for `flag`) and asks each job's owner to move
   * it; jobs whose owner waits are asked again when `deadline` (seconds from
   * now) passes. `done(node)` is called once the node holds nothing.
   */
  drain(node: number, flag: number, deadline: number, done: (node: number) => void): void {
    const n = this.nodes[node]!;
    n.cordon |= flag;
    this.sync(n);
    const d: DrainState = { flag, deadline: this.ctx.now + deadline, done, deadlinePassed: deadline <= 0 };
    this.drains.set(node, d);
    if (Number.isFinite(d.deadline) && deadline > 0) this.ctx.at(d.deadline, node * TIMER_KINDS + DRAIN_DEADLINE);
    this.continueDrain(node);
  }

  draining(node: number): boolean {
    return this.drains.has(node);
  }

  /**
   * Abandons a drain that has not emptied its node (a failed scale-down): the
   * drain's cordon is lifted and `done` is never called. Jobs already moved stay
   * moved. Returns whether there was a drain to abandon.
   */
  cancelDrain(node: number): boolean {
    const d = this.drains.get(node);
    if (!d) return false;
    this.drains.delete(node);
    this.cordon(node, d.flag, false);
    return true;
  }

  private continueDrain(node: number): void {
    const d = this.drains.get(node);
    if (!d) return;
    for (const job of this.jobsOn(node)) {
      if (this.ctx.state(job) !== JobState.Running || this.stalled.get(job)?.cause === 'node') continue;
      this.ownerOf(job).drain(job, node, d.deadlinePassed);
    }
    if (this.jobsOnNode[node]!.size === 0 && this.drains.get(node) === d) {
      this.drains.delete(node);
      d.done(node);
    }
  }
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
