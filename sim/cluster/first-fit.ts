/**
 * First-fit placement of a job's tasks: the lowest-numbered nodes, as many
 * tasks on each as fit, found with one walk of the fit index (or, for unit
 * tasks of one resource, from its bitmap). Scratch rows are kept between calls
 * so that a placement's arrays are made once, at their size.
 */
import type { DeviceLedger } from '../devices.ts';
import type { FitIndex } from './fit-index.ts';
import { EPSILON, FoundPlacement, type GpuShape, type Placement } from './types.ts';

export class FirstFit {
  private readonly foundNodes: number[] = [];
  private readonly foundCounts: number[] = [];
  /** The placement of one task on node i, made once (frozen: placements are read-only values). */
  private readonly unitPlacements: (Placement | undefined)[] = [];

  constructor(private readonly index: FitIndex) {}

  /**
   * First fit for `tasks` tasks of `req`: walks the nodes in index order and
   * puts as many tasks on each as fit, until all are placed. Returns null when
   * they do not all fit. One resource (the HPC case) has loops of its own; the
   * rest goes over the nodes where one task fits, with the fit index's scanFit.
   */
  place(req: ArrayLike<number>, tasks: number, gpu: GpuShape | undefined, ledger: DeviceLedger | null): Placement | null {
    const devices = gpu && gpu.count > 0 ? ledger : null;
    const R = this.index.R;
    if (R === 1 && !devices && req[0] === 1) return this.firstFitUnits(tasks);
    this.index.sync();
    if (R === 1 && !devices && req[0]! > 0) return this.firstFitSingle(req[0]!, tasks);
    const free = this.index.free;
    const nodes: number[] = [];
    const counts: number[] = [];
    let left = tasks;
    this.index.scanFit(req, 0, (node) => {
      // How many tasks fit on this node.
      let fit = left;
      const nb = node * R;
      for (let r = 0; r < R; r++) {
        const q = req[r]!;
        if (q > 0) {
          const k = Math.floor((free[nb + r]! + EPSILON) / q);
          if (k < fit) fit = k;
        }
      }
      if (devices) fit = devices.tasksThatFit(node, gpu!.count, gpu!.milli, fit);
      if (fit > 0) {
        nodes.push(node);
        counts.push(fit);
        left -= fit;
      }
      return left === 0;
    });
    return left === 0 ? new FoundPlacement(nodes, counts) : null;
  }

  /**
   * firstFitPlacement of unit tasks on a cluster of one resource (the HPC
   * case): the nodes with a unit free, in index order, from the bitmap.
   */
  private firstFitUnits(tasks: number): Placement | null {
    const units = this.index.units!;
    const free = this.index.free;
    this.found();
    const foundNodes = this.foundNodes;
    const foundCounts = this.foundCounts;
    const words = (this.index.nodeCount + 31) >>> 5;
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
    while (this.foundNodes.length < this.index.nodeCount) {
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
    const tree = this.index.tree;
    const first = this.index.leaves;
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
}
