/**
 * Allocation: taking a placement's resources after checking it, and giving
 * them back. A bad placement (a node named twice, a count that is not a
 * positive integer, over-commit of a node or of a GPU device) is refused with
 * the problem (the cluster throws it) and leaves the cluster unchanged; the
 * check and the taking are one pass.
 */
import { appendAll } from '../arrays.ts';
import type { DeviceLedger } from '../devices.ts';
import { grown } from '../arrays.ts';
import type { FitIndex } from './fit-index.ts';
import { EPSILON, readable, type Placement } from './types.ts';

/** The names the allocator's messages use (the cluster itself). */
export interface NodeNames {
  readonly nodeCount: number;
  readonly nodeIds: readonly string[];
  readonly resources: readonly string[];
}

export class Allocator {
  /** Per-node stamp of the last allocate() that named it, to catch a node named twice. */
  private marks: Int32Array;
  private markGeneration = 0;
  /** Tasks the last takeSingle took. */
  private taken = 0;

  constructor(
    private readonly index: FitIndex,
    /** The cluster's running total of free amount per resource. */
    private readonly freeTotal: Float64Array,
    private readonly devices: DeviceLedger | null,
    private readonly nodes: NodeNames,
    capacity: number,
  ) {
    this.marks = new Int32Array(capacity);
  }

  /** Room for `capacity` nodes. */
  grow(capacity: number): void {
    this.marks = grown(this.marks, capacity);
  }

  /**
   * Allocates `placement` for `tasks` tasks of per-task request `req`, after
   * checking it: as many nodes as counts, each node valid and named once, each
   * count a positive integer, the counts summing to `tasks`, and no node
   * over-committed; for a job with a GPU device shape (`gpu`: count × milli per
   * task) also each device (assigned by first fit when the placement does not
   * name devices). A bad placement leaves the cluster unchanged and is answered
   * by the problem, a message naming the job (its id, not a message, is passed:
   * the message is built only when something is wrong); the cluster throws it.
   * Returns the devices used, or undefined for jobs without a device shape.
   * (No time is passed in: a number crossing this call, which is not inlined,
   * was boxed on the heap at every start.)
   */
  allocate(placement: Placement, req: ArrayLike<number>, tasks: number, jobId: string, gpu?: { count: number; milli: number }): number[] | undefined | string {
    const R = this.index.R;
    const free = this.index.free;
    const marks = this.marks;
    const { nodes, counts } = placement;
    const mark = ++this.markGeneration;
    let placed = 0;
    let problem: string | null = nodes.length === counts.length ? null : `placement of job ${jobId} has ${nodes.length} node(s) and ${counts.length} count(s)`;
    // Check and take in one pass; on a problem, give back what was taken and return it.
    let i = 0;
    // One resource (HPC logs): the same checks without the inner loops (in a function of its own,
    // with the arrays in locals: the hot loop of a replay of wide jobs, once per node of each).
    if (R === 1 && problem === null) {
      i = this.takeSingle(nodes, counts, req[0]!, mark);
      placed = this.taken;
    }
    for (; i < nodes.length && problem === null; i++) {
      const node = nodes[i]!;
      const count = counts[i]!;
      if ((node | 0) !== node || node < 0 || node >= this.nodes.nodeCount) {
        problem = `placement of job ${jobId} names node index ${node}, the cluster has ${this.nodes.nodeCount} nodes`;
      } else if (marks[node] === mark) {
        problem = `placement of job ${jobId} names node ${node} twice`;
      } else if ((count | 0) !== count || count <= 0) {
        problem = `placement of job ${jobId} puts ${count} tasks on node ${this.nodes.nodeIds[node]}; counts must be positive integers`;
      } else {
        const base = node * R;
        for (let r = 0; r < R; r++) {
          if (count * req[r]! > free[base + r]! + EPSILON) {
            problem = `over-commit refused: job ${jobId} needs ${readable(count * req[r]!)} ${this.nodes.resources[r]} on node ${this.nodes.nodeIds[node]}, which has ${readable(free[base + r]!)} free`;
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
      this.index.updateUnit(node);
    }
    if (problem === null && placed !== tasks) problem = `placement of job ${jobId} holds ${placed} task(s); the job has ${tasks} task(s)`;
    let devices: number[] | undefined;
    if (problem === null && gpu && gpu.count > 0) {
      const assigned = this.assignDevices(placement, gpu, `job ${jobId}`);
      if (typeof assigned === 'string') problem = assigned;
      else devices = assigned;
    }
    if (problem !== null) {
      this.index.add(nodes, 0, counts, 0, i, req, 1);
      return problem;
    }
    if (devices) this.takeDevices(placement, devices, gpu!);
    for (let r = 0; r < R; r++) this.freeTotal[r]! -= tasks * req[r]!;
    this.index.markStale(nodes, 0, nodes.length);
    return devices;
  }

  /**
   * One resource: checks and takes entries of a placement in order, and returns how many it
   * took (their tasks in `taken`); it stops at the first entry with a problem (the general
   * loop then names it).
   */
  private takeSingle(nodes: readonly number[], counts: readonly number[], q: number, mark: number): number {
    const free = this.index.free;
    const units = this.index.units!;
    const marks = this.marks;
    const nodeCount = this.nodes.nodeCount;
    const n = nodes.length;
    let placed = 0;
    let i = 0;
    for (; i < n; i++) {
      const node = nodes[i]!;
      const count = counts[i]!;
      if ((node | 0) !== node || node < 0 || node >= nodeCount || marks[node] === mark || (count | 0) !== count || count <= 0 || count * q > free[node]! + EPSILON) break;
      marks[node] = mark;
      placed += count;
      const f = free[node]! - count * q;
      free[node] = f;
      if (f + EPSILON < 1) units[node >>> 5]! &= ~(1 << (node & 31));
    }
    this.taken = placed;
    return i;
  }

  /** Takes the shares of the devices a checked placement uses. */
  private takeDevices(placement: Placement, devices: readonly number[], gpu: { count: number; milli: number }): void {
    const { nodes, counts } = placement;
    let from = 0;
    for (let e = 0; e < nodes.length; e++) {
      const n = counts[e]! * gpu.count;
      this.devices!.apply(nodes[e]!, devices, from, n, gpu.milli, -1);
      from += n;
    }
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
        if (problem) return `placement of ${what} on node ${this.nodes.nodeIds[nodes[e]!]}: ${problem}`;
        from += counts[e]! * gpu.count;
      }
      return [...placement.devices];
    }
    const out: number[] = [];
    for (let e = 0; e < nodes.length; e++) {
      const chosen = ledger.firstFit(nodes[e]!, counts[e]!, gpu.count, gpu.milli);
      if (!chosen) return `over-commit refused: no ${gpu.count} GPU device(s) with ${gpu.milli} milli-GPU free for ${what} on node ${this.nodes.nodeIds[nodes[e]!]}`;
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
    this.index.add(rows, 0, rows, n, n, req, 1);
    let tasks = 0;
    for (let i = 0; i < n; i++) tasks += rows[n + i]!;
    for (let r = 0; r < this.index.R; r++) this.freeTotal[r]! += tasks * req[r]!;
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
    this.index.add(placement.nodes, 0, placement.counts, 0, n, req, 1);
    let tasks = 0;
    for (let i = 0; i < n; i++) tasks += placement.counts[i]!;
    for (let r = 0; r < this.index.R; r++) this.freeTotal[r]! += tasks * req[r]!;
  }
}
