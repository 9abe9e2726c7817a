/**
 * GPU devices inside nodes, for GPU sharing (Alibaba's openb traces, the FGD
 * paper). A node with `gpu` capacity G has floor(G) devices of 1000 milli-GPU
 * each. A job with a device shape {count, milli} needs, for each task, `count`
 * distinct devices on its node with `milli` free on each; whole-GPU tasks have
 * milli 1000. The scalar `gpu` resource of the cluster still counts the total
 * (in GPUs); this ledger keeps the per-device truth that fractional requests
 * need, and refuses over-commit of a single device.
 */
import { grown } from './arrays.ts';
import { EPSILON } from './cluster/types.ts';

export const MILLI = 1000;

export class DeviceLedger {
  /** Index of each node's first device in `free` (nodeCount + 1 entries used). */
  private offsets: Int32Array;
  /** Free milli-GPU per device. */
  private free: Float64Array;
  private nodes = 0;

  constructor() {
    this.offsets = new Int32Array(17);
    this.free = new Float64Array(64);
  }

  /** Registers the next node with `gpus` devices (floor of its gpu capacity). */
  addNode(gpus: number): void {
    const devices = Math.max(0, Math.floor(gpus + EPSILON));
    if (this.nodes + 2 > this.offsets.length) {
      this.offsets = grown(this.offsets, this.offsets.length * 2);
    }
    const start = this.offsets[this.nodes]!;
    if (start + devices > this.free.length) {
      this.free = grown(this.free, Math.max(this.free.length * 2, start + devices));
    }
    for (let g = 0; g < devices; g++) this.free[start + g] = MILLI;
    this.nodes++;
    this.offsets[this.nodes] = start + devices;
  }

  devicesOn(node: number): number {
    return this.offsets[node + 1]! - this.offsets[node]!;
  }

  /** Free milli-GPU on device `g` of `node`. */
  freeOn(node: number, g: number): number {
    return this.free[this.offsets[node]! + g]!;
  }

  /**
   * Devices for `tasks` tasks of shape (count × milli) on `node` by first fit,
   * or null when they do not fit. Tasks on one node may share a device when
   * their milli fits.
   */
  firstFit(node: number, tasks: number, count: number, milli: number): number[] | null {
    const base = this.offsets[node]!;
    const n = this.devicesOn(node);
    const scratch = Array.from({ length: n }, (_, g) => this.free[base + g]!);
    const out: number[] = [];
    for (let t = 0; t < tasks; t++) {
      let found = 0;
      for (let g = 0; g < n && found < count; g++) {
        if (scratch[g]! + EPSILON >= milli) {
          scratch[g]! -= milli;
          out.push(g);
          found++;
        }
      }
      if (found < count) return null;
    }
    return out;
  }

  /** How many tasks of shape (count × milli), at most `max`, fit on `node`'s devices by first fit. */
  tasksThatFit(node: number, count: number, milli: number, max: number): number {
    const base = this.offsets[node]!;
    const n = this.devicesOn(node);
    if (count > n) return 0;
    // Whole-device tasks: count the devices with room; shared ones: shares per device.
    let shares = 0;
    for (let g = 0; g < n; g++) shares += Math.floor((this.free[base + g]! + EPSILON) / milli);
    // A task needs `count` distinct devices; greedy first fit is exact for count 1 and for whole GPUs.
    if (count === 1 || milli === MILLI) return Math.min(max, Math.floor(shares / count));
    let fit = 0;
    const scratch = Array.from({ length: n }, (_, g) => this.free[base + g]!);
    while (fit < max) {
      let found = 0;
      for (let g = 0; g < n && found < count; g++) {
        if (scratch[g]! + EPSILON >= milli) {
          scratch[g]! -= milli;
          found++;
        }
      }
      if (found < count) break;
      fit++;
    }
    return fit;
  }

  /**
   * Checks a device assignment for `tasks` tasks on `node` (count devices per
   * task, distinct within a task) and returns a problem, or null if it fits.
   */
  check(node: number, devices: ArrayLike<number>, from: number, tasks: number, count: number, milli: number): string | null {
    const n = this.devicesOn(node);
    const taken = new Map<number, number>();
    for (let t = 0; t < tasks; t++) {
      const seen = new Set<number>();
      for (let k = 0; k < count; k++) {
        const g = devices[from + t * count + k]!;
        if (!Number.isInteger(g) || g < 0 || g >= n) return `GPU device ${g} does not exist (the node has ${n})`;
        if (seen.has(g)) return `a task names GPU device ${g} twice`;
        seen.add(g);
        const used = (taken.get(g) ?? 0) + milli;
        if (used > this.freeOn(node, g) + EPSILON) return `GPU device ${g} has ${this.freeOn(node, g)} milli-GPU free, ${used} needed`;
        taken.set(g, used);
      }
    }
    return null;
  }

  /** Takes (sign -1) or gives back (+1) `milli` on each listed device. */
  apply(node: number, devices: ArrayLike<number>, from: number, n: number, milli: number, sign: 1 | -1): void {
    const base = this.offsets[node]!;
    for (let i = 0; i < n; i++) this.free[base + devices[from + i]!]! += sign * milli;
  }
}
