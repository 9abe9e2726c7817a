/**
 * The fleet half of the World (world.ts extends it): the record of every node,
 * the running totals the metrics read (kept exact at every change, so a metric
 * never scans the fleet), the index of which jobs run on which node, and the
 * engine kept in line with what each node should be (sync). Changes that are
 * not failures live here too: cordons, removal and revival by the cluster
 * autoscaler, maintenance, configuration versions. Failures, job owners and
 * drains are the World's.
 */
import type { ControlContext } from '../../sim/controller.ts';
import type { Random } from '../../sim/rng.ts';
import { Cordon, DEFAULT_HEALTH, Down, GROUP_LABEL, RACK_LABEL, ZONE_LABEL, type HealthConfig, type NodeInfo, type NodeRecord, type WorldListener } from './world-types.ts';

export interface FleetOptions {
  health?: Partial<HealthConfig>;
  phase: Random;
  groups?: ReadonlyMap<string, NodeInfo>;
  desiredConfig?: number;
}

export class NodeFleet {
  readonly health: HealthConfig;
  readonly nodes: NodeRecord[] = [];
  readonly listeners: WorldListener[] = [];
  /** The configuration version nodes should run. */
  desiredConfig = 1;

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

  protected ctxRef: ControlContext | null = null;
  protected readonly jobsOnNode: Set<number>[] = [];
  protected readonly jobNodes = new Map<number, readonly number[]>();
  private readonly phase: Random;
  private readonly groupInfo: ReadonlyMap<string, NodeInfo>;

  constructor(options: FleetOptions) {
    this.health = { ...DEFAULT_HEALTH, ...options.health };
    this.phase = options.phase;
    this.groupInfo = options.groups ?? new Map();
    this.desiredConfig = options.desiredConfig ?? 1;
  }

  get ctx(): ControlContext {
    if (!this.ctxRef) throw new Error('the node lifecycle has not started');
    return this.ctxRef;
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


  // ---- cordons, removal, maintenance, configuration ----

  cordon(node: number, flag: number, on: boolean): void {
    const n = this.nodes[node]!;
    if (on) n.cordon |= flag;
    else n.cordon &= ~flag;
    this.sync(n);
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
  protected change(n: NodeRecord, apply: () => void): void {
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

function downReason(mask: number): string {
  if (mask & Down.Failed) return 'failed';
  if (mask & Down.Removed) return 'removed';
  return 'maintenance';
}
