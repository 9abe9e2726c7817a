/**
 * Where each running job's tasks are, kept without per-job garbage.
 *
 * A job holds its placement from start to end, often across many scavenges,
 * so storing the policy's Placement objects would promote millions of small
 * arrays to the old generation. Instead each placement is copied into an
 * Int32Array block (nodes, counts, then GPU devices if any) taken from a free
 * list by power-of-two size class, and the block goes back to its list when
 * the job ends.
 */
import type { Placement } from './cluster.ts';
import { appendAll } from './arrays.ts';

/**
 * From this many nodes on, a placement is copied with TypedArray.set (a builtin copy of the
 * whole array) rather than element by element; below, the call costs more than the loop.
 */
const WIDE = 16;

export class PlacementStore {
  private readonly blocks: (Int32Array | undefined)[];
  private readonly lengths: Int32Array;
  private readonly deviceLengths: Int32Array;
  private readonly free: Int32Array[][] = [];

  constructor(jobs: number) {
    this.blocks = new Array(jobs);
    this.lengths = new Int32Array(jobs);
    this.deviceLengths = new Int32Array(jobs);
  }

  put(job: number, placement: Placement): void {
    const n = placement.nodes.length;
    const d = placement.devices?.length ?? 0;
    let cls = 0;
    while (1 << cls < 2 * n + d) cls++;
    const block = this.free[cls]?.pop() ?? new Int32Array(1 << cls);
    if (n < WIDE) {
      for (let i = 0; i < n; i++) {
        block[i] = placement.nodes[i]!;
        block[n + i] = placement.counts[i]!;
      }
    } else {
      block.set(placement.nodes, 0);
      block.set(placement.counts, n);
    }
    for (let i = 0; i < d; i++) block[2 * n + i] = placement.devices![i]!;
    this.blocks[job] = block;
    this.lengths[job] = n;
    this.deviceLengths[job] = d;
  }

  has(job: number): boolean {
    return this.blocks[job] !== undefined;
  }

  /** The placement of a running job, as views into its block (valid until `remove`). */
  get(job: number): Placement {
    const block = this.blocks[job]!;
    const n = this.lengths[job]!;
    const d = this.deviceLengths[job]!;
    const placement = { nodes: block.subarray(0, n) as unknown as number[], counts: block.subarray(n, 2 * n) as unknown as number[] };
    return d === 0 ? placement : { ...placement, devices: block.subarray(2 * n, 2 * n + d) as unknown as number[] };
  }

  /** The block of a running job: nodes at [0, n), counts at [n, 2n), devices after (views valid until `remove`). */
  rows(job: number): Int32Array {
    return this.blocks[job]!;
  }

  /** Number of nodes in a running job's placement. */
  nodeCount(job: number): number {
    return this.lengths[job]!;
  }

  /** A store for more jobs holding the same placements (the free lists move over). */
  grown(jobs: number): PlacementStore {
    const bigger = new PlacementStore(jobs);
    for (let j = 0; j < this.blocks.length; j++) {
      bigger.blocks[j] = this.blocks[j];
      bigger.lengths[j] = this.lengths[j]!;
      bigger.deviceLengths[j] = this.deviceLengths[j]!;
    }
    appendAll(bigger.free, this.free);
    return bigger;
  }

  remove(job: number): void {
    const block = this.blocks[job]!;
    this.blocks[job] = undefined;
    const cls = 31 - Math.clz32(block.length);
    (this.free[cls] ??= []).push(block);
  }
}
