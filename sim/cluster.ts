/**
 * The cluster: nodes with named multi-dimensional resources, and the
 * allocation that refuses over-commit.
 *
 * Resources are named (cpu, memory, gpu, ...) and each node has a capacity per
 * resource. Amounts are plain numbers; use integer base units (processors,
 * MiB, milli-GPU) so that sums stay exact. Capacities and allocations live in
 * typed arrays, row-major by node (node * R + r).
 *
 * This file holds the node model (adding nodes, taking them down, cordons,
 * capacities and totals); the parts live beside it in sim/cluster/: the model
 * types (types.ts), the fit index over free amounts (fit-index.ts), first-fit
 * placement (first-fit.ts) and allocation with its checks (allocation.ts).
 */
import { DeviceLedger } from './devices.ts';
import { SimulationError } from './errors.ts';
import { Allocator } from './cluster/allocation.ts';
import { FirstFit } from './cluster/first-fit.ts';
import { grown } from './arrays.ts';
import { FitIndex } from './cluster/fit-index.ts';
import { EPSILON, fitCount, readable, type ClusterSpec, type ClusterView, type GpuShape, type NodeSpec, type Placement, type Taint } from './cluster/types.ts';

export {
  EPSILON,
  FoundPlacement,
  homogeneousCluster,
  readable,
  type ClusterSpec,
  type ClusterView,
  type GpuShape,
  type NodeSpec,
  type Placement,
  type Taint,
} from './cluster/types.ts';

export class Cluster implements ClusterView {
  readonly resources: readonly string[];
  /** Number of nodes, including nodes added during the run and nodes that are down. */
  nodeCount: number;
  readonly nodeIds: string[];
  readonly labels: Readonly<Record<string, string>>[];
  readonly taints: (readonly Taint[])[];
  /** Cordoned nodes: up, but no new work may be placed on them (policies check this). */
  readonly unschedulable: boolean[];
  cordoned = 0;
  /** Bumped whenever a node is added, goes down or comes back (capacity changes). */
  capacityVersion = 0;
  private readonly R: number;
  /** Nominal capacity per node (kept while a node is down). */
  private capacity: Float64Array;
  /** 1 while a node is up; a down node offers nothing and must hold no work. */
  private up: Uint8Array;
  private readonly capTotal: Float64Array;
  private readonly freeTotal: Float64Array;
  /** Free amounts and the structures that search them. */
  private readonly index: FitIndex;
  private readonly firstFitter: FirstFit;
  private readonly allocator: Allocator;
  private readonly emptyFitCache = new Map<string | number, number>();
  /** One resource: the last request tasksThatFitEmpty answered, and its answer (NaN: none). */
  private lastEmptyRequest = NaN;
  private lastEmptyFit = 0;
  private readonly idSet = new Set<string>();
  /** Per-device GPU accounting when the cluster has a `gpu` resource. */
  private readonly devices: DeviceLedger | null;
  private readonly gpuIndex: number;

  /** Free amount per node and resource (the fit index's leaves; replaced when the index grows). */
  private get free(): Float64Array {
    return this.index.free;
  }

  constructor(spec: ClusterSpec) {
    if (spec.nodes.length === 0) throw new RangeError('a cluster needs at least one node');
    const resources: string[] = spec.resources ? [...spec.resources] : [];
    if (!spec.resources) {
      for (const node of spec.nodes) for (const name of Object.keys(node.capacity)) if (!resources.includes(name)) resources.push(name);
    }
    if (resources.length === 0) throw new RangeError('a cluster needs at least one resource');
    this.resources = resources;
    this.R = resources.length;
    this.nodeCount = 0;
    this.nodeIds = [];
    this.labels = [];
    this.taints = [];
    this.unschedulable = [];
    const R = this.R;
    const capacity = Math.max(1, spec.nodes.length);
    this.capacity = new Float64Array(capacity * R);
    this.up = new Uint8Array(capacity);
    this.capTotal = new Float64Array(R);
    this.freeTotal = new Float64Array(R);
    this.index = new FitIndex(R, capacity);
    this.firstFitter = new FirstFit(this.index);
    this.gpuIndex = resources.indexOf('gpu');
    this.devices = this.gpuIndex >= 0 ? new DeviceLedger() : null;
    this.allocator = new Allocator(this.index, this.freeTotal, this.devices, this, capacity);
    for (const node of spec.nodes) this.place(node);
    this.index.rebuild();
  }


  /** Adds a node during a run (a cluster autoscaler's new machine); returns its index. It starts up and empty. */
  addNode(spec: NodeSpec): number {
    const node = this.place(spec);
    this.index.refresh([node], 1);
    this.emptyFitCache.clear();
    this.lastEmptyRequest = NaN;
    this.capacityVersion++;
    return node;
  }

  isUp(node: number): boolean {
    return this.up[node] === 1;
  }

  /**
   * Takes a node down (a failure, a removal) or brings it back. A node going
   * down must hold no work: the engine moves or stops its jobs first.
   */
  setUp(node: number, up: boolean): void {
    if ((this.up[node] === 1) === up) return;
    const R = this.R;
    const base = node * R;
    if (!up) {
      for (let r = 0; r < R; r++) {
        if (this.free[base + r]! + EPSILON < this.capacity[base + r]!) {
          throw new RangeError(`node ${this.nodeIds[node]} still holds work; it cannot go down`);
        }
      }
    }
    for (let r = 0; r < R; r++) {
      const c = this.capacity[base + r]!;
      const sign = up ? 1 : -1;
      this.capTotal[r]! += sign * c;
      this.freeTotal[r]! += sign * c;
      this.free[base + r] = up ? c : 0;
    }
    this.up[node] = up ? 1 : 0;
    this.index.updateUnit(node);
    this.index.refresh([node], 1);
    this.capacityVersion++;
  }

  /** Cordons (true) or uncordons a node. */
  setUnschedulable(node: number, value: boolean): void {
    if (this.unschedulable[node] !== value) this.cordoned += value ? 1 : -1;
    this.unschedulable[node] = value;
  }

  /** Appends a node's arrays, growing storage and the tree as needed (tree maxima above it are not refreshed here). */
  private place(spec: NodeSpec): number {
    if (this.idSet.has(spec.id)) throw new RangeError(`duplicate node id ${JSON.stringify(spec.id)}`);
    const R = this.R;
    const node = this.nodeCount;
    if (node >= this.up.length) this.growNodes(2 * this.up.length);
    this.idSet.add(spec.id);
    this.nodeIds.push(spec.id);
    this.labels.push(spec.labels ?? {});
    this.taints.push(spec.taints ?? []);
    this.unschedulable.push(spec.unschedulable ?? false);
    if (spec.unschedulable) this.cordoned++;
    for (const [name, amount] of Object.entries(spec.capacity)) {
      const r = this.resources.indexOf(name);
      if (r < 0) throw new RangeError(`node ${spec.id}: resource ${name} is not among the cluster resources ${this.resources.join(', ')}`);
      if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError(`node ${spec.id}: capacity of ${name} must be a finite non-negative number, got ${amount}`);
      this.capacity[node * R + r] = amount;
    }
    for (let r = 0; r < R; r++) {
      const c = this.capacity[node * R + r]!;
      this.free[node * R + r] = c;
      this.capTotal[r]! += c;
      this.freeTotal[r]! += c;
    }
    this.up[node] = 1;
    this.devices?.addNode(this.capacity[node * R + this.gpuIndex]!);
    this.nodeCount = node + 1;
    this.index.nodeCount = node + 1;
    this.index.updateUnit(node);
    return node;
  }

  devicesOn(node: number): number {
    return this.devices ? this.devices.devicesOn(node) : 0;
  }

  deviceFree(node: number, g: number): number {
    return this.devices ? this.devices.freeOn(node, g) : 0;
  }

  private growNodes(capacity: number): void {
    this.capacity = grown(this.capacity, capacity * this.R);
    this.up = grown(this.up, capacity);
    this.index.grow(capacity);
    this.allocator.grow(capacity);
  }


  resourceIndex(name: string): number {
    return this.resources.indexOf(name);
  }

  capacityOf(node: number, r: number): number {
    return this.capacity[node * this.R + r]!;
  }

  freeOf(node: number, r: number): number {
    return this.free[node * this.R + r]!;
  }

  usedOf(node: number, r: number): number {
    return this.up[node] === 1 ? this.capacity[node * this.R + r]! - this.free[node * this.R + r]! : 0;
  }

  totalCapacity(r: number): number {
    return this.capTotal[r]!;
  }

  totalFree(r: number): number {
    return this.freeTotal[r]!;
  }

  tasksThatFit(node: number, req: ArrayLike<number>, gpu?: GpuShape): number {
    const scalar = fitCount(this.free, node * this.R, req, this.R);
    if (!gpu || gpu.count === 0 || scalar === 0 || !this.devices) return scalar;
    return this.devices.tasksThatFit(node, gpu.count, gpu.milli, scalar);
  }

  tasksThatFitEmpty(req: ArrayLike<number>): number {
    // Asked at every submission: one resource answers a repeat of the last request without a
    // look-up, and keys the cache by the number itself, no string.
    if (this.R === 1 && req[0] === this.lastEmptyRequest) return this.lastEmptyFit;
    let key: string | number;
    if (this.R === 1) key = req[0]!;
    else {
      key = '';
      for (let r = 0; r < this.R; r++) key += `${req[r]},`;
    }
    let total = this.emptyFitCache.get(key);
    if (total === undefined) {
      total = 0;
      for (let i = 0; i < this.nodeCount; i++) {
        total += fitCount(this.capacity, i * this.R, req, this.R);
        if (total >= Number.MAX_SAFE_INTEGER) break;
      }
      this.emptyFitCache.set(key, total);
    }
    if (this.R === 1) {
      this.lastEmptyRequest = req[0]!;
      this.lastEmptyFit = total;
    }
    return total;
  }

  firstFit(req: ArrayLike<number>, from = 0): number {
    let found = -1;
    this.scanFit(req, from, (node) => {
      found = node;
      return true;
    });
    return found;
  }

  scanFit(req: ArrayLike<number>, from: number, visit: (node: number) => boolean): void {
    this.index.scanFit(req, from, visit);
  }

  /**
   * First fit for `tasks` tasks of `req`: the lowest-numbered nodes, as many
   * tasks on each as fit; null when they do not all fit (see first-fit.ts).
   */
  firstFitPlacement(req: ArrayLike<number>, tasks: number, gpu?: GpuShape): Placement | null {
    return this.firstFitter.place(req, tasks, gpu, this.devices);
  }

  /**
   * Allocates `placement` for `tasks` tasks of per-task request `req`, after
   * checking it: as many nodes as counts, each node valid and named once, each
   * count a positive integer, the counts summing to `tasks`, and no node
   * over-committed; for a job with a GPU device shape (`gpu`: count × milli per
   * task) also each device (assigned by first fit when the placement does not
   * name devices). A bad placement throws a SimulationError naming `source`
   * (the policy) and the job, and leaves the cluster unchanged. (The job's id,
   * not a message, is passed: the message is built only when something is wrong.)
   * Returns the devices used, or undefined for jobs without a device shape.
   */
  allocate(
    placement: Placement,
    req: ArrayLike<number>,
    tasks: number,
    jobId: string,
    source: string,
    now: number,
    gpu?: { count: number; milli: number },
  ): number[] | undefined {
    const devices = this.allocator.allocate(placement, req, tasks, jobId, gpu);
    if (typeof devices === 'string') throw new SimulationError(source, now, devices);
    return devices;
  }

  /**
   * Returns the resources of a placement kept as rows: nodes at rows[0..n), task
   * counts at rows[n..2n) (the engine's placement store; no view objects per release).
   * For jobs without GPU devices.
   */
  releaseRows(rows: Int32Array, n: number, req: ArrayLike<number>): void {
    this.allocator.releaseRows(rows, n, req);
  }

  /** Returns the resources of a placement made with `allocate` (with its devices for a GPU-shaped job). */
  release(placement: Placement, req: ArrayLike<number>, gpu?: { count: number; milli: number }): void {
    this.allocator.release(placement, req, gpu);
  }

  /** Checks that no node is over-committed and the running totals agree; returns a problem or null. */
  checkConsistency(): string | null {
    const R = this.R;
    const sums = new Float64Array(R);
    for (let i = 0; i < this.nodeCount; i++) {
      for (let r = 0; r < R; r++) {
        const f = this.free[i * R + r]!;
        const c = this.up[i] === 1 ? this.capacity[i * R + r]! : 0;
        if (f < -EPSILON) return `node ${this.nodeIds[i]} over-committed on ${this.resources[r]}: free ${readable(f)}`;
        if (f > c + EPSILON) return `node ${this.nodeIds[i]} has more ${this.resources[r]} free (${readable(f)}) than its capacity (${readable(c)})`;
        sums[r]! += f;
      }
    }
    for (let r = 0; r < R; r++) {
      if (Math.abs(sums[r]! - this.freeTotal[r]!) > EPSILON * Math.max(1, this.capTotal[r]!)) {
        return `free ${this.resources[r]} total ${this.freeTotal[r]} disagrees with the sum over nodes ${sums[r]}`;
      }
    }
    return null;
  }
}
