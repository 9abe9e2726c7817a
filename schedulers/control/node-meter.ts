/**
 * Node-level measures of a dynamic run, from the World's running totals.
 *
 * Definitions (fleet = nodes not removed by the autoscaler; times integrated exactly):
 *   availability          Σ time nodes were not failed / Σ time in the fleet (failures only;
 *                         planned maintenance is reported apart as maintenance_fraction)
 *   ready_fraction        Σ time nodes were usable (up, not failed, not declared failed,
 *                         not in maintenance) / Σ fleet time
 *   mean_time_to_detect   mean of detection − failure over detected failures
 *   mean_time_to_repair   mean of repair − failure (the physical repair time, MTTR)
 *   mttr_observed         mean of ready again − failure: detection, repair and rejoin
 *                         (the node's heartbeat) as the system saw them
 *   capacity_lost         per resource: ∫ capacity of failed nodes dt / ∫ fleet capacity dt
 *   cost                  Σ node-hours × cost per node-hour of its group (provisioning included)
 * Time-series columns: nodes, nodes_up, nodes_ready (time averages), capacity_lost_<r>
 * (fraction of fleet capacity failed, time average), cost (dollars in the bucket), and
 * off_config (fraction of fleet nodes off the desired configuration) when configuration
 * management is used.
 */
import type { Meter } from './recorder.ts';
import type { World } from './world.ts';

function mean(values: number[]): number {
  return values.length > 0 ? values.reduce((s, x) => s + x, 0) / values.length : 0;
}

export class NodeMeter implements Meter {
  readonly columns: readonly string[];
  private readonly world: World;
  private readonly resources: readonly string[];
  private readonly config: boolean;
  // Totals over the run.
  fleetTime = 0;
  upTime = 0;
  readyTime = 0;
  maintenanceTime = 0;
  offConfigTime = 0;
  cost = 0;
  minNodes = Infinity;
  maxNodes = 0;
  private readonly failedCap: Float64Array;
  private readonly fleetCap: Float64Array;
  // The current bucket.
  private b = { fleet: 0, up: 0, ready: 0, cost: 0, off: 0 };
  private readonly bFailed: Float64Array;
  private readonly bFleetCap: Float64Array;

  constructor(world: World, resources: readonly string[], options: { config?: boolean } = {}) {
    this.world = world;
    this.resources = resources;
    this.config = options.config ?? false;
    const R = resources.length;
    this.failedCap = new Float64Array(R);
    this.fleetCap = new Float64Array(R);
    this.bFailed = new Float64Array(R);
    this.bFleetCap = new Float64Array(R);
    this.columns = ['nodes', 'nodes_up', 'nodes_ready', ...resources.map((r) => `capacity_lost_${r}`), 'cost', ...(this.config ? ['off_config'] : [])];
  }

  integrate(from: number, to: number): void {
    const w = this.world;
    const dt = to - from;
    const fleet = w.fleetNodes;
    this.fleetTime += fleet * dt;
    this.upTime += (fleet - w.failedNodes) * dt;
    this.readyTime += w.readyNodes * dt;
    this.maintenanceTime += w.maintenanceNodes * dt;
    this.offConfigTime += w.offConfigNodes * dt;
    this.cost += w.costRate * dt;
    if (fleet < this.minNodes) this.minNodes = fleet;
    if (fleet > this.maxNodes) this.maxNodes = fleet;
    const b = this.b;
    b.fleet += fleet * dt;
    b.up += (fleet - w.failedNodes) * dt;
    b.ready += w.readyNodes * dt;
    b.cost += w.costRate * dt;
    b.off += w.offConfigNodes * dt;
    for (let r = 0; r < this.resources.length; r++) {
      this.failedCap[r]! += w.failedCapacity[r]! * dt;
      this.fleetCap[r]! += w.fleetCapacity[r]! * dt;
      this.bFailed[r]! += w.failedCapacity[r]! * dt;
      this.bFleetCap[r]! += w.fleetCapacity[r]! * dt;
    }
  }

  flush(_start: number, length: number): number[] {
    const b = this.b;
    const avg = (x: number) => (length > 0 ? x / length : 0);
    const row = [avg(b.fleet), avg(b.up), avg(b.ready), ...this.resources.map((_, r) => (this.bFleetCap[r]! > 0 ? this.bFailed[r]! / this.bFleetCap[r]! : 0)), b.cost];
    if (this.config) row.push(b.fleet > 0 ? b.off / b.fleet : 0);
    this.b = { fleet: 0, up: 0, ready: 0, cost: 0, off: 0 };
    this.bFailed.fill(0);
    this.bFleetCap.fill(0);
    return row;
  }

  /** The `nodes` section of the dynamics summary. */
  summary(duration: number): Record<string, unknown> {
    const f = this.world.failures;
    const detected = f.filter((x) => !Number.isNaN(x.detectedAt));
    const repaired = f.filter((x) => !Number.isNaN(x.repairedAt));
    const ready = f.filter((x) => !Number.isNaN(x.readyAt));
    const lost: Record<string, number> = {};
    const lostHours: Record<string, number> = {};
    this.resources.forEach((r, i) => {
      lost[r] = this.fleetCap[i]! > 0 ? this.failedCap[i]! / this.fleetCap[i]! : 0;
      lostHours[r] = this.failedCap[i]! / 3600;
    });
    return {
      availability: this.fleetTime > 0 ? this.upTime / this.fleetTime : 1,
      ready_fraction: this.fleetTime > 0 ? this.readyTime / this.fleetTime : 1,
      maintenance_fraction: this.fleetTime > 0 ? this.maintenanceTime / this.fleetTime : 0,
      failures: f.length,
      failures_detected: detected.length,
      mean_time_to_detect: mean(detected.map((x) => x.detectedAt - x.failedAt)),
      mean_time_to_repair: mean(repaired.map((x) => x.repairedAt - x.failedAt)),
      mttr_observed: mean(ready.map((x) => x.readyAt - x.failedAt)),
      capacity_lost: lost,
      capacity_lost_resource_hours: lostHours,
      node_hours: this.fleetTime / 3600,
      mean_nodes: duration > 0 ? this.fleetTime / duration : this.world.fleetNodes,
      min_nodes: Number.isFinite(this.minNodes) ? this.minNodes : this.world.fleetNodes,
      max_nodes: Math.max(this.maxNodes, this.world.fleetNodes),
      cost: this.cost,
    };
  }

  /** Mean fraction of fleet nodes off the desired configuration. */
  offConfigFraction(): number {
    return this.fleetTime > 0 ? this.offConfigTime / this.fleetTime : 0;
  }
}
