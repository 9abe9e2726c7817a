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
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import { JobState } from '../../sim/policy.ts';
import type { Random } from '../../sim/rng.ts';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const RACK_LABEL = 'clusterlab/rack';
export const GROUP_LABEL = 'clusterlab/node-group';

/** Why a node is wanted down in the engine (bit flags; up when none). */
export const Down = { Failed: 1, Removed: 2, Maintenance: 4 } as const;
/** Why a node is cordoned (bit flags; schedulable when none). */
export const Cordon = { NotReady: 1, Drain: 2, Maintenance: 4, Config: 8, Removed: 16 } as const;

/** Health monitoring (Kubernetes names in brackets, with their defaults). */
export interface HealthConfig {
  /** Seconds between heartbeats of a node [kubelet nodeStatusUpdateFrequency, 10]. */
  heartbeatInterval: number;
  /** A node is declared failed when no heartbeat came for this long [node-monitor-grace-period, 40]. */
  timeout: number;
  /** The monitor checks heartbeats every this many seconds; 0 = continuously [node-monitor-period, 5]. */
  monitorPeriod: number;
  /** Seconds after detection before the jobs on a failed node are acted on [tolerationSeconds of not-ready/unreachable, 300]. */
  evictionTimeout: number;
}

export const DEFAULT_HEALTH: HealthConfig = { heartbeatInterval: 10, timeout: 40, monitorPeriod: 5, evictionTimeout: 300 };

export interface FailureRecord {
  node: number;
  cause: string;
  failedAt: number;
  detectedAt: number;
  repairedAt: number;
  /** When the node was ready again (rejoined); NaN while it has not. */
  readyAt: number;
}

export interface NodeRecord {
  readonly index: number;
  readonly id: string;
  readonly group: string;
  readonly zone: string;
  readonly rack: string;
  readonly costPerHour: number;
  /** Offset of the node's heartbeats within the interval. */
  readonly heartbeatPhase: number;
  /** Part of the fleet (false once removed by the cluster autoscaler). */
  inFleet: boolean;
  failed: boolean;
  failedAt: number;
  /** The monitor has declared the node failed (NotReady). */
  detected: boolean;
  detectAt: number;
  evictAt: number;
  rejoinAt: number;
  /** Reasons to be down in the engine (Down flags). */
  down: number;
  /** Reasons to be cordoned (Cordon flags). */
  cordon: number;
  configVersion: number;
  drifted: boolean;
  /** Time the node was last reconciled or drifted (for time to reconcile). */
  offConfigSince: number;
  current: FailureRecord | null;
}

/** Why a job is stalled: its node failed, or its process crashed. */
export interface StallRecord {
  since: number;
  cause: 'node' | 'crash';
  /** Work (seconds of the attempt) done before the stall. */
  progress: number;
}

/**
 * Who decides what happens to a job when its node fails, is drained or its
 * process crashes: the service controller for replicas, the recovery
 * controller for everything else. Each acts through its own context.
 */
export interface JobOwner {
  readonly name: string;
  /** Eviction time came for a job stalled on a failed node: move it, fail it, or leave it bound (to restart in place). */
  evict(job: number, node: number): void;
  /** The failed node came back with the job still bound to it (stalled): restart it in place. */
  nodeBack(job: number, node: number): void;
  /** The job's process crashed (a task failure): it is stalled; restart, move or fail it. */
  crashed(job: number): void;
  /** The node is drained: move the job now, or return 'wait' (it will be asked again, with `deadlinePassed` at the drain's deadline). */
  drain(job: number, node: number, deadlinePassed: boolean): 'moved' | 'wait';
}

export interface WorldListener {
  nodeFailed?(node: number): void;
  nodeDetected?(node: number): void;
  nodeReady?(node: number): void;
  /** The node can fail again: physically repaired (before it rejoins), or back from maintenance. */
  nodeRestored?(node: number): void;
  nodeAdded?(node: number): void;
  nodeRemoved?(node: number): void;
  /** A job began an attempt that makes progress (a start on healthy nodes, or a restart in place). */
  jobAttempt?(job: number): void;
  /** The desired configuration version changed. */
  configChanged?(version: number): void;
}

interface NodeInfo {
  group?: string;
  zone?: string;
  rack?: string;
  costPerHour?: number;
}

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

export class World implements Controller {
  readonly name = 'node-lifecycle';
  readonly health: HealthConfig;
  readonly nodes: NodeRecord[] = [];
  readonly failures: FailureRecord[] = [];
  readonly stalled = new Map<number, StallRecord>();
  readonly listeners: WorldListener[] = [];
  /** Owners of jobs other than the default (the service controller registers its replicas). */
  readonly owners = new Map<number, JobOwner>();
  defaultOwner: JobOwner | null = null;
  /** The configuration version nodes should run. */
  desiredConfig = 1;
  /** Jobs found running on a node after its failure was detected (should stay empty: checked by the invariants). */
  readonly placedAfterDetection: string[] = [];

  // Running totals for the metrics, kept exact at every change.
  fleetNodes = 0;
  failedNodes = 0;
  readyNodes = 0;
  offConfigNodes = 0;
  maintenanceNodes = 0;
  /** Dollars per second of the fleet, plus what the cluster autoscaler is provisioning. */
  costRate = 0;
  fleetCapacity: Float64Array = new Float64Array(0);
  failedCapacity: Float64Array = new Float64Array(0);

  private ctxRef: ControlContext | null = null;
  private readonly jobsOnNode: Set<number>[] = [];
  private readonly jobNodes = new Map<number, readonly number[]>();
  private readonly drains = new Map<number, DrainState>();
  private readonly phase: Random;
  private readonly groupInfo: ReadonlyMap<string, NodeInfo>;

  /** The run ends here: a no-op timer makes it the last instant, so every measure covers the whole horizon. */
  private readonly horizon: number;

  constructor(options: { health?: Partial<HealthConfig>; phase: Random; groups?: ReadonlyMap<string, NodeInfo>; desiredConfig?: number; horizon?: number }) {
    this.health = { ...DEFAULT_HEALTH, ...options.health };
    this.horizon = options.horizon ?? Infinity;
    this.phase = options.phase;
    this.groupInfo = options.groups ?? new Map();
    this.desiredConfig = options.desiredConfig ?? 1;
  }

  get ctx(): ControlContext {
    if (!this.ctxRef) throw new Error('the node lifecycle has not started');
    return this.ctxRef;
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

  // ---- nodes ----

  /** Starts tracking a node of the engine's cluster (initial nodes at start; added ones by whoever added them). */
  register(index: number, info: NodeInfo = {}): NodeRecord {
    const cluster = this.ctx.cluster;
    const labels = cluster.labels[index] ?? {};
    const group = info.group ?? labels[GROUP_LABEL] ?? 'default';
    const g = this.groupInfo.get(group) ?? {};
    const h = this.health.heartbeatInterval;
    const n: NodeRecord = {
      index,
      id: cluster.nodeIds[index]!,
      group,
      zone: info.zone ?? labels[ZONE_LABEL] ?? '',
      rack: info.rack ?? labels[RACK_LABEL] ?? '',
      costPerHour: info.costPerHour ?? g.costPerHour ?? 0,
      heartbeatPhase: h > 0 ? this.phase() * h : 0,
      inFleet: true,
      failed: false,
      failedAt: NaN,
      detected: false,
      detectAt: NaN,
      evictAt: NaN,
      rejoinAt: NaN,
      down: cluster.isUp(index) ? 0 : Down.Removed,
      cordon: 0,
      configVersion: this.desiredConfig,
      drifted: false,
      offConfigSince: NaN,
      current: null,
    };
    if (n.down) n.inFleet = false;
    this.nodes[index] = n;
    this.jobsOnNode[index] = new Set();
    this.account(n, 1);
    for (const l of this.listeners) l.nodeAdded?.(index);
    return n;
  }

  /** Jobs running on a node (including stalled ones), in job index order. */
  jobsOn(node: number): number[] {
    return [...this.jobsOnNode[node]!].sort((a, b) => a - b);
  }

  jobCountOn(node: number): number {
    return this.jobsOnNode[node]!.size;
  }

  /** Nodes a running job occupies. */
  nodesOf(job: number): readonly number[] {
    return this.jobNodes.get(job) ?? [];
  }

  /** Usable now: in the fleet, up, not failed, not declared failed, not in maintenance. */
  isReady(n: NodeRecord): boolean {
    return n.inFleet && !n.failed && !n.detected && n.down === 0;
  }

  isOffConfig(n: NodeRecord): boolean {
    return n.drifted || n.configVersion !== this.desiredConfig;
  }

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

  // ---- cordons, drains, removal, maintenance ----

  cordon(node: number, flag: number, on: boolean): void {
    const n = this.nodes[node]!;
    if (on) n.cordon |= flag;
    else n.cordon &= ~flag;
    this.sync(n);
  }

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

  /** Takes an (empty) node out of the fleet: scaled down. */
  removeNode(node: number, reason: string): void {
    const n = this.nodes[node]!;
    this.change(n, () => {
      n.inFleet = false;
      n.down |= Down.Removed;
    });
    n.cordon |= Cordon.Removed;
    this.sync(n);
    this.ctx.record({ type: 'node-removed', node: n.id, data: { reason } });
    for (const l of this.listeners) l.nodeRemoved?.(node);
  }

  /** Brings a removed node back into the fleet (a new machine in its slot), empty and on the desired configuration. */
  reviveNode(node: number, reason: string): void {
    const n = this.nodes[node]!;
    this.change(n, () => {
      n.inFleet = true;
      n.down = 0;
      n.failed = false;
      n.detected = false;
      n.configVersion = this.desiredConfig;
      n.drifted = false;
    });
    n.current = null;
    n.cordon = 0;
    this.sync(n);
    this.ctx.record({ type: 'node-provisioned', node: n.id, data: { reason } });
    for (const l of this.listeners) l.nodeAdded?.(node);
  }

  /** Planned downtime: the (drained, empty) node goes down, or comes back. */
  setMaintenance(node: number, on: boolean): void {
    const n = this.nodes[node]!;
    this.change(n, () => {
      if (on) n.down |= Down.Maintenance;
      else n.down &= ~Down.Maintenance;
    });
    this.sync(n);
    if (!on) for (const l of this.listeners) l.nodeRestored?.(node);
  }

  /** Sets a node's configuration version and drift flag. */
  setConfig(node: number, version: number, drifted: boolean): void {
    const n = this.nodes[node]!;
    const wasOff = this.isOffConfig(n);
    this.change(n, () => {
      n.configVersion = version;
      n.drifted = drifted;
    });
    const isOff = this.isOffConfig(n);
    if (!wasOff && isOff) n.offConfigSince = this.ctx.now;
  }

  /** Changes the desired configuration: every node is then off it until reconciled. */
  setDesiredConfig(version: number): void {
    for (const n of this.nodes) this.account(n, -1);
    this.desiredConfig = version;
    for (const n of this.nodes) {
      this.account(n, 1);
      if (this.isOffConfig(n) && Number.isNaN(n.offConfigSince)) n.offConfigSince = this.ctx.now;
    }
    this.ctx.record({ type: 'config-change', data: { version } });
    for (const l of this.listeners) l.configChanged?.(version);
  }

  /** Brings the engine in line with what the node should be: down when wanted and empty, up when not; cordoned for any reason. */
  sync(n: NodeRecord): void {
    const ctx = this.ctx;
    const cluster = ctx.cluster;
    const wantUp = n.down === 0;
    const up = cluster.isUp(n.index);
    if (!wantUp && up && this.jobsOnNode[n.index]!.size === 0) ctx.nodeDown(n.index, downReason(n.down));
    else if (wantUp && !up) ctx.nodeUp(n.index, 'ready');
    const cordoned = n.cordon !== 0;
    if (cluster.unschedulable[n.index] !== cordoned) ctx.setUnschedulable(n.index, cordoned);
  }

  /** Applies a change to a node, keeping the running totals exact. */
  private change(n: NodeRecord, apply: () => void): void {
    this.account(n, -1);
    apply();
    this.account(n, 1);
  }

  private account(n: NodeRecord, sign: 1 | -1): void {
    if (!n.inFleet) return;
    const cluster = this.ctx.cluster;
    this.fleetNodes += sign;
    this.costRate += (sign * n.costPerHour) / 3600;
    const R = this.fleetCapacity.length;
    for (let r = 0; r < R; r++) this.fleetCapacity[r]! += sign * cluster.capacityOf(n.index, r);
    if (n.failed) {
      this.failedNodes += sign;
      for (let r = 0; r < R; r++) this.failedCapacity[r]! += sign * cluster.capacityOf(n.index, r);
    }
    if (this.isReady(n)) this.readyNodes += sign;
    if (n.down & Down.Maintenance) this.maintenanceNodes += sign;
    if (this.isOffConfig(n)) this.offConfigNodes += sign;
  }
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

function downReason(mask: number): string {
  if (mask & Down.Failed) return 'failed';
  if (mask & Down.Removed) return 'removed';
  return 'maintenance';
}
