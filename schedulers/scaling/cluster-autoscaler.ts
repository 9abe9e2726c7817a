/**
 * The cluster autoscaler (kubernetes/autoscaler, cluster-autoscaler), every
 * `scanInterval` seconds:
 *
 * Scale-up: pods (queued jobs) pending for at least `newPodScaleUpDelay` that
 * fit on no schedulable node now are unschedulable. Those that will fit on
 * nodes already being provisioned are left to them. For each node group below
 * its max, the remaining pods are bin-packed (first fit) onto new nodes of the
 * group's shape to estimate how many nodes it would add and how many pods they
 * would host; the expander picks one group, which grows by that many nodes
 * (capped at max). New nodes join after `provisioningDelay` (cost accrues from
 * the request); a node slot removed earlier is reused, else a node is added.
 *
 * Scale-down, when no scale-up happened in the scan. Every scan first updates
 * which nodes are unneeded, cooldown or not (upstream's planner runs every
 * loop): a ready, uncordoned node of an autoscaled group whose requested share
 * of CPU or memory (the larger) is below `scaleDownUtilizationThreshold` is
 * unneeded since the scan it was first seen so. Pending pods that fit on
 * existing nodes are placed on them first (first fit; upstream's
 * FilterOutSchedulable puts them in the cluster snapshot before the planner
 * runs), and a node that would take one is needed: a node is never removed
 * while a pending pod could run there, such as pods created at the scan's own
 * instant, before the scheduler's pass. Deletion is then in cooldown, as
 * upstream's isScaleDownInCooldown, within `scaleDownDelayAfterAdd` (600 s) of
 * the last scale-up, `scaleDownDelayAfterDelete` (default: scanInterval) of the
 * last node removal, and `scaleDownDelayAfterFailure` (180 s) of the last
 * failed drain. Otherwise nodes unneeded for `scaleDownUnneededTime` (600 s)
 * are removed if empty (up to `maxEmptyBulkDelete` per scan); else one whose
 * pods are all service replicas that fit elsewhere is drained (cordoned; its
 * replicas are evicted and replaced by the service controller on other nodes)
 * and removed once empty, one drain at a time (--max-drain-parallelism 1). A
 * drain that has not emptied the node within
 * `maxGracefulTerminationSec` (600 s) fails: the node is uncordoned and kept.
 * Nodes running batch jobs (pods not backed by a controller) are never
 * removed, as upstream. Group minimums are kept. Failed and unready nodes are
 * left alone. Defaults are upstream's flags of the same names.
 *
 * The first-fit estimates both directions rely on are in packing.ts.
 */
import { z } from 'zod';
import type { ControlContext, Controller } from '../../sim/controller.ts';
import type { NodeSpec } from '../../sim/cluster.ts';
import type { Random } from '../../sim/rng.ts';
import { firstFit } from '../placement/first-fit.ts';
import { Cordon, GROUP_LABEL, RACK_LABEL, ZONE_LABEL, type World } from '../control/world.ts';
import { expanders, type ScaleUpOption } from './expanders/registry.ts';
import { appendAll } from '../../sim/arrays.ts';
import { capacityVector, fits, fitsElsewhere, nodesTakingPendingPods, packInto, wasteOf } from './packing.ts';

export const ClusterAutoscalerSchema = z.strictObject({
  scanInterval: z.number().positive().default(10),
  expander: z.enum(expanders.names() as [string, ...string[]]).default('least-waste'),
  newPodScaleUpDelay: z.number().nonnegative().default(0),
  scaleDownEnabled: z.boolean().default(true),
  scaleDownUtilizationThreshold: z.number().min(0).max(1).default(0.5),
  scaleDownUnneededTime: z.number().nonnegative().default(600),
  scaleDownDelayAfterAdd: z.number().nonnegative().default(600),
  /** --scale-down-delay-after-delete; null (upstream's 0): the scan interval. */
  scaleDownDelayAfterDelete: z.number().nonnegative().nullable().default(null),
  scaleDownDelayAfterFailure: z.number().nonnegative().default(180),
  maxGracefulTerminationSec: z.number().nonnegative().default(600),
  maxEmptyBulkDelete: z.number().int().positive().default(10),
});
export type ClusterAutoscalerParams = z.infer<typeof ClusterAutoscalerSchema>;

/** A node group: identical nodes the autoscaler may add or remove (a cloud instance group). */
export interface NodeGroup {
  name: string;
  capacity: Readonly<Record<string, number>>;
  labels: Readonly<Record<string, string>>;
  zones: readonly string[];
  racksPerZone: number;
  min: number;
  max: number;
  costPerHour: number;
  provisioningDelay: number;
  priority: number;
}

interface Provisioning {
  group: NodeGroup;
  /** A removed node's index to reuse, or -1 to add a node. */
  slot: number;
  spec: NodeSpec | null;
  done: boolean;
}

export interface ClusterAutoscalerStats {
  scaleUps: number;
  scaleDowns: number;
  nodesAdded: number;
  nodesRemoved: number;
  /** Scans that found unschedulable pods no group could help. */
  noScaleUpPossible: number;
  /** Drains that did not empty their node in time (the node was kept). */
  scaleDownFailures: number;
}

const SCAN = -1;
/** Timer tags below this check a drain: DRAIN_CHECK − node. */
const DRAIN_CHECK = -2;

export class ClusterAutoscaler implements Controller {
  readonly name = 'cluster-autoscaler';
  readonly stats: ClusterAutoscalerStats = { scaleUps: 0, scaleDowns: 0, nodesAdded: 0, nodesRemoved: 0, noScaleUpPossible: 0, scaleDownFailures: 0 };
  private readonly world: World;
  private readonly groups: Map<string, NodeGroup>;
  private readonly params: ClusterAutoscalerParams;
  private readonly random: Random;
  private readonly provisioning: Provisioning[] = [];
  /** Per node: since when it has been unneeded (NaN when it is not). */
  private unneededSince = new Float64Array(0);
  /** Groups the autoscaler may shrink or grow. */
  private readonly autoscaled: ReadonlySet<string>;
  private readonly serial = new Map<string, number>();
  private lastScaleUp = -Infinity;
  private lastScaleDownDelete = -Infinity;
  private lastScaleDownFailure = -Infinity;
  /** Drains under way: node → when it started. */
  private readonly drainsStarted = new Map<number, number>();
  private ctx!: ControlContext;

  constructor(world: World, groups: readonly NodeGroup[], params: ClusterAutoscalerParams, random: Random) {
    this.world = world;
    this.groups = new Map(groups.map((g) => [g.name, g]));
    this.autoscaled = new Set(groups.map((g) => g.name));
    this.params = params;
    this.random = random;
  }

  start(ctx: ControlContext): void {
    this.ctx = ctx;
    for (const g of this.groups.values()) this.serial.set(g.name, this.world.nodes.filter((n) => n.group === g.name).length);
    ctx.at(ctx.now + this.params.scanInterval, SCAN);
  }

  onTimer(tag: number): void {
    if (tag === SCAN) {
      if (!this.scaleUp() && this.params.scaleDownEnabled) this.scaleDown();
      this.ctx.at(this.ctx.now + this.params.scanInterval, SCAN);
    } else if (tag <= DRAIN_CHECK) this.checkDrain(DRAIN_CHECK - tag);
    else this.join(tag);
  }

  /** A drain still under way after maxGracefulTerminationSec failed: keep the node (upstream uncordons it). */
  private checkDrain(node: number): void {
    const started = this.drainsStarted.get(node);
    if (started === undefined || this.ctx.now - started < this.params.maxGracefulTerminationSec) return;
    this.drainsStarted.delete(node);
    if (!this.world.cancelDrain(node)) return;
    this.lastScaleDownFailure = this.ctx.now;
    this.stats.scaleDownFailures++;
    this.unneededSince[node] = NaN;
    this.ctx.record({ type: 'node-scale-down-failed', node: this.world.nodes[node]!.id, data: { pods: this.world.jobCountOn(node), after: this.params.maxGracefulTerminationSec } });
  }

  /** isScaleDownInCooldown: deletions wait after a scale-up, a removal, and a failed drain. */
  private inCooldown(now: number): boolean {
    const p = this.params;
    const afterDelete = p.scaleDownDelayAfterDelete ?? p.scanInterval;
    return now - this.lastScaleUp < p.scaleDownDelayAfterAdd || now - this.lastScaleDownDelete < afterDelete || now - this.lastScaleDownFailure < p.scaleDownDelayAfterFailure;
  }

  /** Nodes of a group in the fleet or on their way. */
  private size(group: string): number {
    let n = 0;
    for (const node of this.world.nodes) if (node.inFleet && node.group === group) n++;
    for (const p of this.provisioning) if (!p.done && p.group.name === group) n++;
    return n;
  }

  private scaleUp(): boolean {
    const ctx = this.ctx;
    const { jobs, cluster } = ctx;
    const R = cluster.resources.length;
    const pending: number[] = [];
    for (const j of ctx.queued()) {
      if (ctx.now - jobs.submit[j]! < this.params.newPodScaleUpDelay) continue;
      if (firstFit.place(j, jobs, cluster) === null) pending.push(j);
    }
    if (pending.length === 0) return false;
    // Pods that will fit on nodes already being provisioned wait for them.
    const upcoming = this.provisioning.filter((p) => !p.done).map((p) => capacityVector(p.group.capacity, cluster.resources));
    const remaining: number[] = [];
    for (const j of pending) if (!packInto(upcoming, jobs.requestOf(j), jobs.tasks[j]!, R, 0)) remaining.push(j);
    if (remaining.length === 0) return false;
    const options: ScaleUpOption[] = [];
    for (const g of this.groups.values()) {
      const room = g.max - this.size(g.name);
      if (room <= 0) continue;
      const template = capacityVector(g.capacity, cluster.resources);
      const bins: Float64Array[] = [];
      let pods = 0;
      for (const j of remaining) {
        const req = jobs.requestOf(j);
        if (!fits(template, req, R)) continue;
        const trial = bins.map((b) => Float64Array.from(b));
        if (packInto(trial, req, jobs.tasks[j]!, R, room - bins.length, template)) {
          bins.length = 0;
          appendAll(bins, trial);
          pods++;
        }
      }
      if (bins.length === 0) continue;
      options.push({ group: g.name, nodes: bins.length, pods, waste: wasteOf(bins, template, cluster.resources), priority: g.priority });
    }
    if (options.length === 0) {
      this.stats.noScaleUpPossible++;
      return false;
    }
    const choice = expanders.get(this.params.expander).create({}, undefined).choose(options, this.random);
    const group = this.groups.get(choice.group)!;
    for (let k = 0; k < choice.nodes; k++) this.provision(group);
    this.lastScaleUp = ctx.now;
    this.stats.scaleUps++;
    ctx.record({ type: 'node-scale-up', data: { group: group.name, nodes: choice.nodes, pods: choice.pods, expander: this.params.expander } });
    return true;
  }

  private provision(g: NodeGroup): void {
    const ctx = this.ctx;
    const reserved = new Set(this.provisioning.filter((p) => !p.done && p.slot >= 0).map((p) => p.slot));
    const slot = this.world.nodes.find((n) => !n.inFleet && n.group === g.name && !reserved.has(n.index))?.index ?? -1;
    let spec: NodeSpec | null = null;
    if (slot < 0) {
      const zone = this.zoneFor(g);
      const k = this.serial.get(g.name)!;
      this.serial.set(g.name, k + 1);
      const labels: Record<string, string> = { ...g.labels, [GROUP_LABEL]: g.name };
      if (zone) {
        labels[ZONE_LABEL] = zone;
        labels[RACK_LABEL] = `${zone}-rack${k % Math.max(1, g.racksPerZone)}`;
      }
      spec = { id: `${g.name}-${k}`, capacity: g.capacity, labels };
    }
    const id = this.provisioning.length;
    this.provisioning.push({ group: g, slot, spec, done: false });
    // A machine costs from the moment it is requested.
    this.world.costRate += g.costPerHour / 3600;
    ctx.at(ctx.now + g.provisioningDelay, id);
  }

  /** The group's zone with the fewest of its nodes (in the fleet or coming), ties in listed order. */
  private zoneFor(g: NodeGroup): string | null {
    if (g.zones.length === 0) return null;
    const count = new Map(g.zones.map((z) => [z, 0]));
    for (const n of this.world.nodes) if (n.inFleet && n.group === g.name && count.has(n.zone)) count.set(n.zone, count.get(n.zone)! + 1);
    for (const p of this.provisioning) {
      const z = p.spec?.labels?.[ZONE_LABEL] ?? (p.slot >= 0 ? this.world.nodes[p.slot]!.zone : undefined);
      if (!p.done && z !== undefined && count.has(z)) count.set(z, count.get(z)! + 1);
    }
    let best = g.zones[0]!;
    for (const z of g.zones) if (count.get(z)! < count.get(best)!) best = z;
    return best;
  }

  private join(id: number): void {
    const p = this.provisioning[id]!;
    p.done = true;
    this.world.costRate -= p.group.costPerHour / 3600;
    if (p.slot >= 0) this.world.reviveNode(p.slot, 'scale-up');
    else {
      const index = this.ctx.addNode(p.spec!, 'scale-up');
      this.world.register(index, { group: p.group.name, costPerHour: p.group.costPerHour });
    }
    this.stats.nodesAdded++;
  }

  private scaleDown(): void {
    const ctx = this.ctx;
    const w = this.world;
    const cluster = ctx.cluster;
    const pendingOn = nodesTakingPendingPods(ctx, w);
    // The resources the utilization is computed on: cpu and memory, as upstream.
    const rs: number[] = [];
    cluster.resources.forEach((name, r) => (name === 'cpu' || name === 'memory') && rs.push(r));
    const candidates: { node: number; util: number }[] = [];
    // This loop visits every node at every scan: kept free of allocations and map lookups.
    const nodes = w.nodes;
    if (this.unneededSince.length < nodes.length) {
      const grown = new Float64Array(Math.max(nodes.length, 2 * this.unneededSince.length)).fill(NaN);
      grown.set(this.unneededSince);
      this.unneededSince = grown;
    }
    const since = this.unneededSince;
    const threshold = this.params.scaleDownUtilizationThreshold;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      // Ready (in the fleet, not failed, not declared failed, up) and not cordoned (draining nodes are).
      if (!n.inFleet || n.failed || n.detected || n.down !== 0 || n.cordon !== 0 || !this.autoscaled.has(n.group)) {
        since[i] = NaN;
        continue;
      }
      let u = 0;
      for (const r of rs) {
        const cap = cluster.capacityOf(i, r);
        if (cap > 0) u = Math.max(u, (cap - cluster.freeOf(i, r)) / cap);
      }
      if (u >= threshold || (pendingOn.size > 0 && pendingOn.has(i))) {
        since[i] = NaN;
        continue;
      }
      if (Number.isNaN(since[i]!)) since[i] = ctx.now;
      if (ctx.now - since[i]! >= this.params.scaleDownUnneededTime) candidates.push({ node: i, util: u });
    }
    if (candidates.length === 0 || this.inCooldown(ctx.now)) return;
    const sizes = new Map<string, number>();
    for (const g of this.groups.values()) sizes.set(g.name, this.size(g.name) - this.drainingIn(g.name));
    const canRemove = (node: number) => {
      const g = w.nodes[node]!.group;
      return sizes.get(g)! > this.groups.get(g)!.min;
    };
    let removed = 0;
    for (const { node } of candidates) {
      if (removed >= this.params.maxEmptyBulkDelete) break;
      if (w.jobCountOn(node) > 0 || !canRemove(node)) continue;
      sizes.set(w.nodes[node]!.group, sizes.get(w.nodes[node]!.group)! - 1);
      this.remove(node);
      removed++;
    }
    // --max-drain-parallelism 1: one drain at a time.
    if (removed > 0 || this.drainsStarted.size > 0) return;
    candidates.sort((a, b) => a.util - b.util || a.node - b.node);
    const others = candidates.map((c) => c.node);
    for (const { node } of candidates) {
      if (!canRemove(node)) continue;
      const jobs = w.jobsOn(node);
      // Only replicas (backed by a controller) can be moved; they must fit on the other nodes.
      if (!jobs.every((j) => w.owners.has(j) && !w.stalled.has(j))) continue;
      if (!fitsElsewhere(ctx, w, jobs, new Set(others))) continue;
      this.stats.scaleDowns++;
      ctx.record({ type: 'node-scale-down', node: w.nodes[node]!.id, data: { pods: jobs.length } });
      this.drainsStarted.set(node, ctx.now);
      this.lastScaleDownDelete = ctx.now; // upstream: when the deletion starts
      w.drain(node, Cordon.Drain, 0, () => this.finishRemoval(node));
      if (w.draining(node)) ctx.at(ctx.now + this.params.maxGracefulTerminationSec, DRAIN_CHECK - node);
      return;
    }
  }

  private drainingIn(group: string): number {
    let n = 0;
    for (const node of this.world.nodes) if (node.inFleet && node.group === group && this.world.draining(node.index)) n++;
    return n;
  }

  private remove(node: number): void {
    this.lastScaleDownDelete = this.ctx.now;
    this.stats.scaleDowns++;
    this.ctx.record({ type: 'node-scale-down', node: this.world.nodes[node]!.id, data: { pods: 0 } });
    this.finishRemoval(node);
  }

  private finishRemoval(node: number): void {
    this.unneededSince[node] = NaN;
    this.drainsStarted.delete(node);
    this.world.removeNode(node, 'scale-down');
    this.stats.nodesRemoved++;
  }
}
