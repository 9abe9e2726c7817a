/**
 * The scheduler's view of the cluster, as kube-scheduler's snapshot of
 * NodeInfos: per node its allocatable and requested amounts in upstream
 * integer units, the non-zero requested cpu and memory the scoring strategies
 * use, the pods it runs, and pods *assumed* on it during a cycle (the tasks of
 * a job or the members of a gang placed so far, not yet bound).
 *
 * Allocatable and requested come from the engine's cluster (free amounts are
 * its truth); the scheduler keeps what the cluster does not know: non-zero
 * requests, which pods run where, and the assumed pods' amounts.
 */
import { grown } from '../../sim/arrays.ts';
import type { ClusterView, Taint } from '../../sim/cluster.ts';
import type { JobTable } from '../../sim/jobs.ts';
import { MILLI } from '../../sim/devices.ts';
import type { PodInfo } from './pod.ts';
import { upstreamScale } from './units.ts';

export const GPU_MODEL_LABEL = 'clusterlab/gpu-model';

export interface PodOnNode {
  readonly pod: PodInfo;
  /** Pods (tasks) of this job on the node. */
  readonly count: number;
  /** Devices used on this node, `count × gpu.count` entries (GPU-shaped pods). */
  readonly devices: readonly number[] | undefined;
  assumed: boolean;
}

export class Snapshot {
  readonly cluster: ClusterView;
  readonly jobs: JobTable;
  readonly resources: readonly string[];
  readonly R: number;
  readonly cpu: number;
  readonly memory: number;
  readonly gpu: number;
  /** Upstream unit per canonical unit, by resource index. */
  readonly scale: Float64Array;
  private nonZeroCpu = new Float64Array(0);
  private nonZeroMem = new Float64Array(0);
  /** Amounts of assumed (not yet bound) pods, node * R + r, upstream units. */
  private extra = new Float64Array(0);
  /** Milli-GPU taken by assumed pods per node, by device. */
  private readonly extraDevices = new Map<number, Float64Array>();
  private pods: PodOnNode[][] = [];
  /** Where each job's pods are: node list (for removal). */
  private readonly where = new Map<number, number[]>();
  /** Pods bound or assumed that have required or preferred pod (anti-)affinity terms (InterPodAffinity needs them). */
  readonly podsWithAffinity = new Set<number>();
  /** Requested amounts per namespace (tenant), upstream units, bound and assumed pods; and their pod counts. */
  readonly namespaceUsage = new Map<string, Float64Array>();
  readonly namespacePods = new Map<string, number>();
  /** Bumped whenever a pod is added or removed (plugins cache per-cycle counts on it). */
  version = 0;
  private nodes = 0;
  /**
   * Allocatable and nominal capacity per node and resource (node * R + r):
   * columns the per-node loops of the filters and scores read directly,
   * copied again whenever the cluster's nodes change (capacityVersion).
   */
  private allocCol = new Float64Array(0);
  private capCol = new Float64Array(0);
  private colsVersion = -1;
  /** Nodes with taints, counted with the columns (taints are set when a node is added). */
  private tainted = 0;
  private colsNodes = -1;

  constructor(cluster: ClusterView, jobs: JobTable) {
    this.cluster = cluster;
    this.jobs = jobs;
    this.resources = cluster.resources;
    this.R = this.resources.length;
    this.cpu = this.resources.indexOf('cpu');
    this.memory = this.resources.indexOf('memory');
    this.gpu = this.resources.indexOf('gpu');
    this.scale = Float64Array.from(this.resources, (r) => upstreamScale(r));
    this.sync();
  }

  /** Grows the per-node arrays after nodes were added to the cluster. */
  sync(): void {
    const n = this.cluster.nodeCount;
    if (n === this.nodes) return;
    this.nonZeroCpu = grown(this.nonZeroCpu, n);
    this.nonZeroMem = grown(this.nonZeroMem, n);
    this.extra = grown(this.extra, n * this.R);
    for (let i = this.nodes; i < n; i++) this.pods.push([]);
    this.nodes = n;
  }

  get nodeCount(): number {
    return this.nodes;
  }

  nodeName(node: number): string {
    return this.cluster.nodeIds[node]!;
  }

  labels(node: number): Readonly<Record<string, string>> {
    return this.cluster.labels[node]!;
  }

  taints(node: number): readonly Taint[] {
    return this.cluster.taints[node]!;
  }

  /** Allocatable amount of resource r on `node`, upstream units. */
  allocatable(node: number, r: number): number {
    return Math.round(this.cluster.capacityOf(node, r) * this.scale[r]!);
  }

  /** Requested amount (bound and assumed pods, actual requests), upstream units. */
  requested(node: number, r: number): number {
    const c = this.cluster;
    return Math.round((c.capacityOf(node, r) - c.freeOf(node, r)) * this.scale[r]!) + this.extra[node * this.R + r]!;
  }

  /**
   * The columns, fresh, before a loop over nodes: allocatable(node, r) is then
   * allocatableColumn[node * R + r], and requestedFast(node, r) reads the capacity column.
   */
  columns(): Float64Array {
    const c = this.cluster;
    if (this.colsVersion !== c.capacityVersion || this.colsNodes !== c.nodeCount) {
      const n = c.nodeCount;
      const R = this.R;
      if (this.allocCol.length < n * R) {
        this.allocCol = new Float64Array(n * R);
        this.capCol = new Float64Array(n * R);
      }
      for (let node = 0; node < n; node++) {
        for (let r = 0; r < R; r++) {
          const cap = c.capacityOf(node, r);
          this.capCol[node * R + r] = cap;
          this.allocCol[node * R + r] = Math.round(cap * this.scale[r]!);
        }
      }
      this.tainted = 0;
      for (let node = 0; node < n; node++) if (c.taints[node]!.length > 0) this.tainted++;
      this.colsVersion = c.capacityVersion;
      this.colsNodes = n;
    }
    return this.allocCol;
  }

  /** How many nodes have taints (columns() called since the nodes last changed). */
  get taintedNodes(): number {
    return this.tainted;
  }

  /** requested(node, r) from the capacity column (columns() called since the nodes last changed). */
  requestedFast(node: number, r: number): number {
    const i = node * this.R + r;
    return Math.round((this.capCol[i]! - this.cluster.freeOf(node, r)) * this.scale[r]!) + this.extra[i]!;
  }

  /** The non-zero requested cpu and memory of every node (nonZeroRequestedCpu/Memory as columns). */
  get nonZeroCpuColumn(): Float64Array {
    return this.nonZeroCpu;
  }

  get nonZeroMemoryColumn(): Float64Array {
    return this.nonZeroMem;
  }

  /** NodeInfo.NonZeroRequested: cpu (millicores) and memory (bytes) with upstream defaults for pods without requests. */
  nonZeroRequestedCpu(node: number): number {
    return this.nonZeroCpu[node]!;
  }

  nonZeroRequestedMemory(node: number): number {
    return this.nonZeroMem[node]!;
  }

  podsOn(node: number): readonly PodOnNode[] {
    return this.pods[node]!;
  }

  /** Nodes where a job's pods are (bound or assumed). */
  nodesOf(job: number): readonly number[] {
    return this.where.get(job) ?? [];
  }

  /** GPU devices on `node`. */
  devicesOn(node: number): number {
    return this.cluster.devicesOn(node);
  }

  /** Free milli-GPU on device g, minus what assumed pods took. */
  deviceFree(node: number, g: number): number {
    const x = this.extraDevices.get(node);
    return this.cluster.deviceFree(node, g) - (x ? x[g]! : 0);
  }

  /** Free milli-GPU of every device of `node` (a fresh array). */
  deviceFreeList(node: number): number[] {
    const n = this.devicesOn(node);
    const out: number[] = [];
    for (let g = 0; g < n; g++) out.push(this.deviceFree(node, g));
    return out;
  }

  gpuModel(node: number): string | undefined {
    return this.labels(node)[GPU_MODEL_LABEL];
  }

  /**
   * Records `count` pods of `pod` on `node`. `assumed`: placed during this cycle,
   * not yet allocated in the cluster (its amounts are held here until bind).
   */
  add(pod: PodInfo, node: number, count: number, devices: readonly number[] | undefined, assumed: boolean): void {
    this.pods[node]!.push({ pod, count, devices, assumed });
    this.nonZeroCpu[node]! += count * pod.nonZeroMilliCpu;
    this.nonZeroMem[node]! += count * pod.nonZeroMemory;
    if (assumed) this.hold(pod, node, count, devices, 1);
    this.account(pod, count, 1);
    const list = this.where.get(pod.job);
    if (list) list.push(node);
    else this.where.set(pod.job, [node]);
    if (hasAffinityTerms(pod)) this.podsWithAffinity.add(pod.job);
    this.version++;
  }

  /**
   * What-if amounts only: `count` more pods of `pod` requested on `node` (sign
   * -1 gives them back), with no pod listed, no version bumped: for a
   * diagnosis whose filters read only requested amounts (job-fit.ts).
   */
  holdAmounts(pod: PodInfo, node: number, count: number, sign: 1 | -1): void {
    this.hold(pod, node, count, undefined, sign);
  }

  /** The job's assumed pods are now allocated in the cluster: stop holding their amounts. */
  bind(job: number): void {
    for (const node of this.nodesOf(job)) {
      for (const e of this.pods[node]!) {
        if (e.pod.job === job && e.assumed) {
          this.hold(e.pod, node, e.count, e.devices, -1);
          e.assumed = false;
        }
      }
    }
  }

  /** Removes every pod of `job` (it ended, was preempted, or its assumption is forgotten). */
  remove(job: number): void {
    const nodes = this.where.get(job);
    if (!nodes) return;
    for (const node of new Set(nodes)) {
      const list = this.pods[node]!;
      for (let i = list.length - 1; i >= 0; i--) {
        const e = list[i]!;
        if (e.pod.job !== job) continue;
        this.nonZeroCpu[node]! -= e.count * e.pod.nonZeroMilliCpu;
        this.nonZeroMem[node]! -= e.count * e.pod.nonZeroMemory;
        if (e.assumed) this.hold(e.pod, node, e.count, e.devices, -1);
        this.account(e.pod, e.count, -1);
        list.splice(i, 1);
      }
    }
    this.where.delete(job);
    this.podsWithAffinity.delete(job);
    this.version++;
  }

  /**
   * What-if removal for preemption: takes the job's bound pods off `node` as if
   * they had ended (amounts given back through the held amounts). Returns a
   * token for `restore`, which puts everything back exactly.
   */
  evict(job: number, node: number): PodOnNode[] {
    const list = this.pods[node]!;
    const out: PodOnNode[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
      if (e.pod.job !== job || e.assumed) continue;
      this.nonZeroCpu[node]! -= e.count * e.pod.nonZeroMilliCpu;
      this.nonZeroMem[node]! -= e.count * e.pod.nonZeroMemory;
      this.hold(e.pod, node, e.count, e.devices, -1);
      this.account(e.pod, e.count, -1);
      list.splice(i, 1);
      out.push(e);
    }
    if (out.length) this.version++;
    return out;
  }

  restore(node: number, evicted: readonly PodOnNode[]): void {
    for (const e of evicted) {
      this.pods[node]!.push(e);
      this.nonZeroCpu[node]! += e.count * e.pod.nonZeroMilliCpu;
      this.nonZeroMem[node]! += e.count * e.pod.nonZeroMemory;
      this.hold(e.pod, node, e.count, e.devices, 1);
      this.account(e.pod, e.count, 1);
    }
    if (evicted.length) this.version++;
  }

  private account(pod: PodInfo, count: number, sign: 1 | -1): void {
    let u = this.namespaceUsage.get(pod.namespace);
    if (!u) this.namespaceUsage.set(pod.namespace, (u = new Float64Array(this.R)));
    for (let r = 0; r < this.R; r++) u[r]! += sign * count * pod.requests[r]!;
    this.namespacePods.set(pod.namespace, (this.namespacePods.get(pod.namespace) ?? 0) + sign * count);
  }

  private hold(pod: PodInfo, node: number, count: number, devices: readonly number[] | undefined, sign: 1 | -1): void {
    const R = this.R;
    for (let r = 0; r < R; r++) this.extra[node * R + r]! += sign * count * pod.requests[r]!;
    if (devices && pod.gpu) {
      let x = this.extraDevices.get(node);
      if (!x) this.extraDevices.set(node, (x = new Float64Array(this.devicesOn(node))));
      for (const g of devices) x[g]! += sign * pod.gpu.milli;
    }
  }
}

function hasAffinityTerms(p: PodInfo): boolean {
  return p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
}

/**
 * Devices for one pod of shape (count × milli) on a node with `free` milli per
 * device, lowest index first (first fit); null when they do not fit.
 */
export function firstFitDevices(free: readonly number[], count: number, milli: number): number[] | null {
  const out: number[] = [];
  for (let g = 0; g < free.length && out.length < count; g++) if (free[g]! + 1e-9 >= milli) out.push(g);
  return out.length === count ? out : null;
}

export { MILLI };
