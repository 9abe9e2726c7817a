/**
 * The cluster: nodes with named multi-dimensional resources, and the
 * allocation that refuses over-commit.
 *
 * Resources are named (cpu, memory, gpu, ...) and each node has a capacity per
 * resource. Amounts are plain numbers; use integer base units (processors,
 * MiB, milli-GPU) so that sums stay exact. Capacities and allocations live in
 * typed arrays, row-major by node (node * R + r).
 *
 * A segment tree over the nodes keeps, for every subtree and resource, the
 * largest free amount of any node below it. First fit descends it and skips
 * every subtree where some resource is short, so finding a node costs about
 * O(R log n) instead of a scan of all nodes. Allocations and releases only
 * note the leaves they change; the maxima above them are brought up to date
 * before the next walk of the tree, once for all the changes since (a run of
 * HPC jobs placed by the unit bitmap below never walks it at all).
 *
 * With a single resource (the processors of an HPC log) a bitmap also marks
 * the nodes with at least one unit free, and first fit of unit tasks reads it
 * a word at a time: a job on k nodes costs O(k + n/32) instead of O(k log n).
 */
import { DeviceLedger } from './devices.ts';
import { SimulationError } from './errors.ts';
import { appendAll } from './arrays.ts';

/** Tolerance for comparing amounts, so fractional units do not drift into false over-commit. */
export const EPSILON = 1e-9;

/** A Kubernetes node taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeSpec {
  /** Unique node name. */
  id: string;
  /** Capacity per resource; a resource missing here has capacity 0 on this node. */
  capacity: Readonly<Record<string, number>>;
  /**
   * Labels (Kubernetes style). Well-known keys used across clusterlab:
   * `topology.kubernetes.io/zone`, `clusterlab/rack`, `clusterlab/node-group`,
   * `clusterlab/gpu-model`.
   */
  labels?: Readonly<Record<string, string>>;
  taints?: readonly Taint[];
  /** Cordoned: no new work may be placed here. */
  unschedulable?: boolean;
}

export interface ClusterSpec {
  /** Resource names in the order used internally; defaults to the union of node capacities in first-seen order. */
  resources?: readonly string[];
  nodes: readonly NodeSpec[];
}

/** `count` identical nodes named `${prefix}${i}` (i from 0). */
export function homogeneousCluster(count: number, capacity: Record<string, number>, prefix = 'n'): ClusterSpec {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`node count must be a positive integer, got ${count}`);
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < count; i++) nodes.push({ id: `${prefix}${i}`, capacity });
  return { resources: Object.keys(capacity), nodes };
}

/**
 * Where the tasks of one job run: `counts[i]` tasks on node `nodes[i]`.
 * Node indexes are distinct; counts are positive integers summing to the task count.
 */
export interface Placement {
  readonly nodes: readonly number[];
  readonly counts: readonly number[];
  /**
   * For jobs with a GPU device shape (count GPUs × milli each per task): the
   * device index on its node of every GPU share, task by task, entry by entry
   * (Σ counts × count indexes). Optional: when absent the engine assigns devices
   * by first fit (lowest index with room).
   */
  readonly devices?: readonly number[];
}

/** GPU device shape of a task: `count` GPUs with `milli` thousandths of each. */
export interface GpuShape {
  readonly count: number;
  readonly milli: number;
}

/** Read-only view of the cluster for policies. */
export interface ClusterView {
  readonly resources: readonly string[];
  readonly nodeCount: number;
  readonly nodeIds: readonly string[];
  readonly labels: readonly Readonly<Record<string, string>>[];
  readonly taints: readonly (readonly Taint[])[];
  /** Cordoned nodes: no new work should be placed on them. */
  readonly unschedulable: readonly boolean[];
  /** How many nodes are cordoned (placements take their fast paths when none is). */
  readonly cordoned: number;
  /** Bumped whenever a node is added, goes down or comes back. */
  readonly capacityVersion: number;
  /** False while a node is down (it then offers no free capacity). */
  isUp(node: number): boolean;
  /** GPU devices on a node (floor of its gpu capacity; 0 without a gpu resource). */
  devicesOn(node: number): number;
  /** Free milli-GPU on device `g` of `node`. */
  deviceFree(node: number, g: number): number;
  capacityOf(node: number, r: number): number;
  freeOf(node: number, r: number): number;
  /** Sum of capacities of resource r over all nodes. */
  totalCapacity(r: number): number;
  /** Sum of free amounts of resource r over all nodes. */
  totalFree(r: number): number;
  /** How many tasks of per-task request `req` (and GPU device shape, if any) fit on `node` now. */
  tasksThatFit(node: number, req: ArrayLike<number>, gpu?: GpuShape): number;
  /** Leftmost node at index ≥ from where one task of `req` fits now, or -1. */
  firstFit(req: ArrayLike<number>, from?: number): number;
  /** First fit of `tasks` tasks of `req`: the lowest-numbered nodes, as many tasks on each as fit; null if they do not all fit. */
  firstFitPlacement(req: ArrayLike<number>, tasks: number, gpu?: GpuShape): Placement | null;
  /** Visits the nodes where one task of `req` fits now, in index order from `from`, until `visit` returns true. */
  scanFit(req: ArrayLike<number>, from: number, visit: (node: number) => boolean): void;
  /** How many tasks of `req` the empty cluster could hold (for "can this ever fit?"). */
  tasksThatFitEmpty(req: ArrayLike<number>): number;
}

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
  private free: Float64Array;
  /** 1 while a node is up; a down node offers nothing and must hold no work. */
  private up: Uint8Array;
  private readonly capTotal: Float64Array;
  private readonly freeTotal: Float64Array;
  /** Segment tree of per-resource maxima of free capacity; leaves start at `leaves`. */
  private tree: Float64Array;
  private leaves: number;
  private readonly emptyFitCache = new Map<string | number, number>();
  private readonly foundNodes: number[] = [];
  /** The placement of one task on node i, made once (frozen: placements are read-only values). */
  private readonly unitPlacements: (Placement | undefined)[] = [];
  private readonly foundCounts: number[] = [];
  /** Scratch for refresh(): two levels of tree indexes. */
  private levelA: Int32Array;
  private levelB: Int32Array;
  /** Leaves changed since the tree's maxima were last brought up to date, and a mark per node. */
  private stale: Int32Array;
  private staleMark: Uint8Array;
  private staleCount = 0;
  /** So many leaves changed that the next walk rebuilds the whole tree: stop noting them one by one. */
  private treeStale = false;
  /** One resource only: bit i of word i >> 5 is set when node i has at least 1 unit free. */
  private units: Uint32Array | null;
  /** Per-node stamp of the last allocate() that named it, to catch a node named twice. */
  private nodeMarks: Int32Array;
  private markGeneration = 0;
  private readonly idSet = new Set<string>();
  /** Per-device GPU accounting when the cluster has a `gpu` resource. */
  private readonly devices: DeviceLedger | null;
  private readonly gpuIndex: number;

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
    this.leaves = 1;
    while (this.leaves < capacity) this.leaves *= 2;
    this.tree = new Float64Array(2 * this.leaves * R).fill(-1);
    // The leaves of the tree are the free amounts themselves: `free` is a view of them.
    this.free = this.tree.subarray(this.leaves * R, 2 * this.leaves * R);
    this.levelA = new Int32Array(capacity);
    this.levelB = new Int32Array(capacity);
    this.stale = new Int32Array(capacity);
    this.staleMark = new Uint8Array(capacity);
    this.units = R === 1 ? new Uint32Array((capacity + 31) >>> 5) : null;
    this.nodeMarks = new Int32Array(capacity);
    this.gpuIndex = resources.indexOf('gpu');
    this.devices = this.gpuIndex >= 0 ? new DeviceLedger() : null;
    for (const node of spec.nodes) this.place(node);
    for (let t = this.leaves - 1; t >= 1; t--) this.pull(t);
  }

  /** Adds a node during a run (a cluster autoscaler's new machine); returns its index. It starts up and empty. */
  addNode(spec: NodeSpec): number {
    const node = this.place(spec);
    this.refresh([node], 1);
    this.emptyFitCache.clear();
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
    this.updateUnit(node);
    this.refresh([node], 1);
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
    this.updateUnit(node);
    return node;
  }

  devicesOn(node: number): number {
    return this.devices ? this.devices.devicesOn(node) : 0;
  }

  deviceFree(node: number, g: number): number {
    return this.devices ? this.devices.freeOn(node, g) : 0;
  }

  private growNodes(capacity: number): void {
    const R = this.R;
    const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as { new (n: number): T })(size);
      b.set(a);
      return b;
    };
    this.capacity = grow(this.capacity, capacity * R);
    this.up = grow(this.up, capacity);
    this.levelA = new Int32Array(capacity);
    this.levelB = new Int32Array(capacity);
    this.stale = grow(this.stale, capacity);
    this.staleMark = grow(this.staleMark, capacity);
    if (this.units) this.units = grow(this.units, (capacity + 31) >>> 5);
    this.nodeMarks = grow(this.nodeMarks, capacity);
    if (capacity > this.leaves) {
      let leaves = this.leaves;
      while (leaves < capacity) leaves *= 2;
      const tree = new Float64Array(2 * leaves * R).fill(-1);
      tree.set(this.free.subarray(0, this.nodeCount * R), leaves * R);
      this.tree = tree;
      this.leaves = leaves;
      this.free = tree.subarray(leaves * R, 2 * leaves * R);
      for (let t = leaves - 1; t >= 1; t--) this.pull(t);
      this.clearStale();
    }
  }

  /** Sets node's bit in the unit bitmap from its free amount (one resource only). */
  private updateUnit(node: number): void {
    const units = this.units;
    if (!units) return;
    if (this.free[node]! + EPSILON >= 1) units[node >>> 5]! |= 1 << (node & 31);
    else units[node >>> 5]! &= ~(1 << (node & 31));
  }

  /** Notes that the free amounts of these nodes changed (the tree maxima above them are refreshed lazily). */
  private markStale(nodes: ArrayLike<number>, at: number, n: number): void {
    if (this.treeStale) return;
    const mark = this.staleMark;
    const stale = this.stale;
    let c = this.staleCount;
    for (let i = 0; i < n; i++) {
      const node = nodes[at + i]!;
      if (mark[node] === 0) {
        mark[node] = 1;
        stale[c++] = node;
      }
    }
    this.staleCount = c;
    if (c > this.nodeCount >>> 3) this.treeStale = true;
  }

  private clearStale(): void {
    if (this.treeStale) this.staleMark.fill(0);
    else for (let i = 0; i < this.staleCount; i++) this.staleMark[this.stale[i]!] = 0;
    this.staleCount = 0;
    this.treeStale = false;
  }

  /** Brings the tree's maxima up to date with every leaf changed since; called before each walk. */
  private syncTree(): void {
    const c = this.staleCount;
    if (c === 0) return;
    if (this.treeStale) {
      // Many changes: rebuilding every internal node is cheaper than following each leaf up.
      for (let t = this.leaves - 1; t >= 1; t--) this.pull(t);
    } else {
      // refresh() removes repeated parents when the leaves come in ascending order.
      if (c > 1) this.stale.subarray(0, c).sort();
      this.refresh(this.stale, c);
    }
    this.clearStale();
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
    // Asked at every submission: one resource keys the cache by the number itself, no string.
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

  /**
   * Visits, in index order from `from`, every node where one task of `req` fits
   * now, until `visit` returns true. One walk of the segment tree, so visiting k
   * nodes costs about O(k + k log(n/k)) rather than k descents from the root.
   */
  scanFit(req: ArrayLike<number>, from: number, visit: (node: number) => boolean): void {
    this.syncTree();
    const R = this.R;
    const tree = this.tree;
    // Iterative depth-first walk: `t` is a tree index, [lo, lo + width) the leaves below it.
    // A subtree is entered only if its per-resource maxima cover the request.
    let t = 1;
    let lo = 0;
    let width = this.leaves;
    for (;;) {
      let ok = lo + width > from;
      if (ok) {
        const base = t * R;
        for (let r = 0; r < R; r++) {
          if (tree[base + r]! + EPSILON < req[r]!) {
            ok = false;
            break;
          }
        }
      }
      if (ok && width > 1) {
        // Descend to the left child.
        t = 2 * t;
        width >>= 1;
        continue;
      }
      // A leaf that fits (padding leaves hold -1 and never fit).
      if (ok && visit(lo)) return;
      // Move on to the next subtree to the right: climb while we are a right child.
      while (t & 1) {
        if (t === 1) return;
        t >>= 1;
        width <<= 1;
        lo -= width >> 1;
      }
      lo += width;
      t += 1;
    }
  }

  /**
   * First fit for `tasks` tasks of `req`: walks the nodes in index order and
   * puts as many tasks on each as fit, until all are placed. Returns null when
   * they do not all fit. The same walk as scanFit, written out because it is
   * the hot path of every HPC replay.
   */
  firstFitPlacement(req: ArrayLike<number>, tasks: number, gpu?: GpuShape): Placement | null {
    const devices = gpu && gpu.count > 0 ? this.devices : null;
    const R = this.R;
    if (R === 1 && !devices && req[0] === 1) return this.firstFitUnits(tasks);
    this.syncTree();
    if (R === 1 && !devices && req[0]! > 0) return this.firstFitSingle(req[0]!, tasks);
    const tree = this.tree;
    const free = this.free;
    const nodes: number[] = [];
    const counts: number[] = [];
    let left = tasks;
    let t = 1;
    let lo = 0;
    let width = this.leaves;
    for (;;) {
      let ok = true;
      const base = t * R;
      for (let r = 0; r < R; r++) {
        if (tree[base + r]! + EPSILON < req[r]!) {
          ok = false;
          break;
        }
      }
      if (ok && width > 1) {
        t = 2 * t;
        width >>= 1;
        continue;
      }
      if (ok) {
        // How many tasks fit on leaf `lo`.
        let fit = left;
        const nb = lo * R;
        for (let r = 0; r < R; r++) {
          const q = req[r]!;
          if (q > 0) {
            const k = Math.floor((free[nb + r]! + EPSILON) / q);
            if (k < fit) fit = k;
          }
        }
        if (devices) fit = devices.tasksThatFit(lo, gpu!.count, gpu!.milli, fit);
        if (fit > 0) {
          nodes.push(lo);
          counts.push(fit);
          left -= fit;
          if (left === 0) return new FoundPlacement(nodes, counts);
        }
      }
      while (t & 1) {
        if (t === 1) return null;
        t >>= 1;
        width <<= 1;
        lo -= width >> 1;
      }
      lo += width;
      t += 1;
    }
  }

  /**
   * firstFitPlacement of unit tasks on a cluster of one resource (the HPC
   * case): the nodes with a unit free, in index order, from the bitmap.
   */
  private firstFitUnits(tasks: number): Placement | null {
    const units = this.units!;
    const free = this.free;
    this.found();
    const foundNodes = this.foundNodes;
    const foundCounts = this.foundCounts;
    const words = (this.nodeCount + 31) >>> 5;
    let m = 0;
    let left = tasks;
    for (let w = 0; w < words && left > 0; w++) {
      let bits = units[w]! | 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const node = (w << 5) + 31 - Math.clz32(low);
        let fit = Math.floor(free[node]! + EPSILON);
        if (fit > left) fit = left;
        foundNodes[m] = node;
        foundCounts[m++] = fit;
        left -= fit;
        if (left === 0) break;
      }
    }
    return left === 0 ? this.placementFrom(m) : null;
  }

  /** A Placement of the first m entries found (levelA nodes, levelB counts), in arrays of their size. */
  private placementFrom(m: number): Placement {
    // One task on one node, the commonest start of a queueing model: shared, so a start allocates nothing.
    if (m === 1 && this.foundCounts[0] === 1) {
      const node = this.foundNodes[0]!;
      return (this.unitPlacements[node] ??= Object.freeze(new FoundPlacement(Object.freeze([node]) as number[], Object.freeze([1]) as number[])));
    }
    // slice() of a scratch array: the builtin allocates the copy without an allocation
    // site, so V8 cannot decide to pretenure placements (it did, for `new Array(m)`
    // filled here: every placement of a long replay went to the old generation).
    return new FoundPlacement(this.foundNodes.slice(0, m), this.foundCounts.slice(0, m));
  }

  /** Scratch rows of found nodes and task counts, at least as long as the node count (plain arrays, for slice()). */
  private found(): void {
    while (this.foundNodes.length < this.nodeCount) {
      this.foundNodes.push(0);
      this.foundCounts.push(0);
      this.unitPlacements.push(undefined);
    }
  }

  /**
   * firstFitPlacement on a cluster of one resource (the processors of an HPC
   * log), request q > 0: the same walk with the leaves' counts computed from
   * the tree alone, written to scratch rows first so that the result arrays are
   * made once, at their size (placementFrom).
   */
  private firstFitSingle(q: number, tasks: number): Placement | null {
    const tree = this.tree;
    const first = this.leaves;
    this.found();
    const foundNodes = this.foundNodes;
    const foundCounts = this.foundCounts;
    let m = 0;
    let left = tasks;
    let t = 1;
    for (;;) {
      const f = tree[t]! + EPSILON;
      if (f >= q) {
        if (t < first) {
          t = 2 * t;
          continue;
        }
        let fit = Math.floor(f / q);
        if (fit > left) fit = left;
        foundNodes[m] = t - first;
        foundCounts[m++] = fit;
        left -= fit;
        if (left === 0) break;
      }
      // Next subtree to the right: climb while a right child.
      while (t & 1) {
        if (t === 1) return null;
        t >>= 1;
      }
      t += 1;
    }
    return this.placementFrom(m);
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
    const R = this.R;
    const free = this.free;
    const marks = this.nodeMarks;
    const { nodes, counts } = placement;
    const mark = ++this.markGeneration;
    let placed = 0;
    let problem: string | null = nodes.length === counts.length ? null : `placement of job ${jobId} has ${nodes.length} node(s) and ${counts.length} count(s)`;
    // Check and take in one pass; on a problem, give back what was taken and throw.
    let i = 0;
    // One resource (HPC logs): the same checks without the inner loops.
    const q = R === 1 ? req[0]! : NaN;
    for (; i < nodes.length && problem === null && R === 1; i++) {
      const node = nodes[i]!;
      const count = counts[i]!;
      if ((node | 0) !== node || node < 0 || node >= this.nodeCount || marks[node] === mark || (count | 0) !== count || count <= 0 || count * q > free[node]! + EPSILON) {
        break; // the general loop below names the problem
      }
      marks[node] = mark;
      placed += count;
      const f = free[node]! - count * q;
      free[node] = f;
      if (f + EPSILON < 1) this.units![node >>> 5]! &= ~(1 << (node & 31));
    }
    for (; i < nodes.length && problem === null; i++) {
      const node = nodes[i]!;
      const count = counts[i]!;
      if ((node | 0) !== node || node < 0 || node >= this.nodeCount) {
        problem = `placement of job ${jobId} names node index ${node}, the cluster has ${this.nodeCount} nodes`;
      } else if (marks[node] === mark) {
        problem = `placement of job ${jobId} names node ${node} twice`;
      } else if ((count | 0) !== count || count <= 0) {
        problem = `placement of job ${jobId} puts ${count} tasks on node ${this.nodeIds[node]}; counts must be positive integers`;
      } else {
        const base = node * R;
        for (let r = 0; r < R; r++) {
          if (count * req[r]! > free[base + r]! + EPSILON) {
            problem = `over-commit refused: job ${jobId} needs ${readable(count * req[r]!)} ${this.resources[r]} on node ${this.nodeIds[node]}, which has ${readable(free[base + r]!)} free`;
            break;
          }
        }
      }
      if (problem !== null) break;
      marks[node] = mark;
      placed += count;
      const base = node * R;
      for (let r = 0; r < R; r++) {
        const f = free[base + r]! - count * req[r]!;
        free[base + r] = f;
      }
      this.updateUnit(node);
    }
    if (problem === null && placed !== tasks) problem = `placement of job ${jobId} holds ${placed} task(s); the job has ${tasks} task(s)`;
    let devices: number[] | undefined;
    if (problem === null && gpu && gpu.count > 0) {
      const assigned = this.assignDevices(placement, gpu, `job ${jobId}`);
      if (typeof assigned === 'string') problem = assigned;
      else devices = assigned;
    }
    if (problem !== null) {
      this.add(nodes, 0, counts, 0, i, req, 1);
      throw new SimulationError(source, now, problem);
    }
    if (devices) {
      let from = 0;
      for (let e = 0; e < nodes.length; e++) {
        const n = counts[e]! * gpu!.count;
        this.devices!.apply(nodes[e]!, devices, from, n, gpu!.milli, -1);
        from += n;
      }
    }
    for (let r = 0; r < R; r++) this.freeTotal[r]! -= tasks * req[r]!;
    this.markStale(nodes, 0, nodes.length);
    return devices;
  }

  /** The devices of a placement (given, checked; or chosen by first fit), or a problem. */
  private assignDevices(placement: Placement, gpu: { count: number; milli: number }, what: string): number[] | string {
    const ledger = this.devices;
    if (!ledger) return `${what} has a GPU device shape but the cluster has no gpu resource`;
    const { nodes, counts } = placement;
    let total = 0;
    for (let e = 0; e < nodes.length; e++) total += counts[e]! * gpu.count;
    if (placement.devices) {
      if (placement.devices.length !== total) return `placement of ${what} names ${placement.devices.length} GPU device(s); it needs ${total}`;
      let from = 0;
      for (let e = 0; e < nodes.length; e++) {
        const problem = ledger.check(nodes[e]!, placement.devices, from, counts[e]!, gpu.count, gpu.milli);
        if (problem) return `placement of ${what} on node ${this.nodeIds[nodes[e]!]}: ${problem}`;
        from += counts[e]! * gpu.count;
      }
      return [...placement.devices];
    }
    const out: number[] = [];
    for (let e = 0; e < nodes.length; e++) {
      const chosen = ledger.firstFit(nodes[e]!, counts[e]!, gpu.count, gpu.milli);
      if (!chosen) return `over-commit refused: no ${gpu.count} GPU device(s) with ${gpu.milli} milli-GPU free for ${what} on node ${this.nodeIds[nodes[e]!]}`;
      appendAll(out, chosen);
    }
    return out;
  }

  /**
   * Returns the resources of a placement kept as rows: nodes at rows[0..n), task
   * counts at rows[n..2n) (the engine's placement store; no view objects per release).
   * For jobs without GPU devices.
   */
  releaseRows(rows: Int32Array, n: number, req: ArrayLike<number>): void {
    this.add(rows, 0, rows, n, n, req, 1);
    let tasks = 0;
    for (let i = 0; i < n; i++) tasks += rows[n + i]!;
    for (let r = 0; r < this.R; r++) this.freeTotal[r]! += tasks * req[r]!;
  }

  /** Returns the resources of a placement made with `allocate` (with its devices for a GPU-shaped job). */
  release(placement: Placement, req: ArrayLike<number>, gpu?: { count: number; milli: number }): void {
    const n = placement.nodes.length;
    if (placement.devices && gpu && gpu.count > 0) {
      let from = 0;
      for (let e = 0; e < n; e++) {
        const k = placement.counts[e]! * gpu.count;
        this.devices!.apply(placement.nodes[e]!, placement.devices, from, k, gpu.milli, 1);
        from += k;
      }
    }
    this.add(placement.nodes, 0, placement.counts, 0, n, req, 1);
    let tasks = 0;
    for (let i = 0; i < n; i++) tasks += placement.counts[i]!;
    for (let r = 0; r < this.R; r++) this.freeTotal[r]! += tasks * req[r]!;
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

  /**
   * Adds `sign × count × req` on n nodes (not the totals): nodes[nodesAt + i] with
   * counts[countsAt + i] tasks; the tree above them is refreshed lazily.
   */
  private add(nodes: ArrayLike<number>, nodesAt: number, counts: ArrayLike<number>, countsAt: number, n: number, req: ArrayLike<number>, sign: 1 | -1): void {
    const R = this.R;
    const free = this.free;
    if (R === 1) {
      const q = sign * req[0]!;
      const units = this.units!;
      for (let i = 0; i < n; i++) {
        const node = nodes[nodesAt + i]!;
        const f = free[node]! + counts[countsAt + i]! * q;
        free[node] = f;
        if (f + EPSILON >= 1) units[node >>> 5]! |= 1 << (node & 31);
        else units[node >>> 5]! &= ~(1 << (node & 31));
      }
      this.markStale(nodes, nodesAt, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      const base = nodes[nodesAt + i]! * R;
      const tasks = sign * counts[countsAt + i]!;
      for (let r = 0; r < R; r++) {
        const f = free[base + r]! + tasks * req[r]!;
        free[base + r] = f;
      }
    }
    this.markStale(nodes, nodesAt, n);
  }

  /**
   * Recomputes the maxima above the given leaves, level by level. Placements
   * list their nodes in ascending order as a rule, so parents repeat in runs
   * and a comparison with the previous one removes the repeats: a job on k
   * neighbouring nodes costs about 2k updates instead of k log n. (Unsorted
   * input stays correct; a node may just be recomputed twice.)
   */
  private refresh(nodes: ArrayLike<number>, n: number): void {
    const R = this.R;
    const tree = this.tree;
    let level = this.levelA;
    let next = this.levelB;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const t = (this.leaves + nodes[i]!) >> 1;
      if (count === 0 || level[count - 1] !== t) level[count++] = t;
    }
    while (count > 0 && level[0]! >= 1) {
      let m = 0;
      for (let i = 0; i < count; i++) {
        const t = level[i]!;
        const a = 2 * t * R;
        const b = a + R;
        const c = t * R;
        for (let r = 0; r < R; r++) {
          const x = tree[a + r]!;
          const y = tree[b + r]!;
          tree[c + r] = x > y ? x : y;
        }
        const p = t >> 1;
        if (p >= 1 && (m === 0 || next[m - 1] !== p)) next[m++] = p;
      }
      const swap = level;
      level = next;
      next = swap;
      count = m;
    }
  }

  private pull(t: number): void {
    const R = this.R;
    const tree = this.tree;
    const a = 2 * t * R;
    const b = (2 * t + 1) * R;
    for (let r = 0; r < R; r++) tree[t * R + r] = Math.max(tree[a + r]!, tree[b + r]!);
  }
}

/** How many tasks of `req` fit in the row of `free` starting at `base`. */
/**
 * A resource amount in a message: 12 significant digits, so the float noise of
 * running sums (0.10000000000000009) reads as the amount it stands for (0.1).
 */
export function readable(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function fitCount(free: Float64Array, base: number, req: ArrayLike<number>, R: number): number {
  let n = Infinity;
  for (let r = 0; r < R; r++) {
    const q = req[r]!;
    if (q <= 0) continue;
    const k = Math.floor((free[base + r]! + EPSILON) / q);
    if (k < n) n = k;
  }
  return n === Infinity ? Number.MAX_SAFE_INTEGER : Math.max(0, n);
}

/**
 * A placement found by the cluster. A class, not an object literal, on purpose:
 * V8 pretenured the literal's allocation site (and the arrays allocated with it)
 * in long replays, so every placement went straight to the old generation and
 * the heap grew by about 1 KB per job until a full collection (measured: 10^6
 * jobs, 12.9 → 9.8 µs per job).
 */
export class FoundPlacement implements Placement {
  constructor(
    readonly nodes: number[],
    readonly counts: number[],
  ) {}
}
