/**
 * A GPU-sharing scoring policy: the score plugin of one method of the FGD
 * simulator, with its GPU device selection ("gpuSelMethod").
 */
import type { Random } from '../../sim/rng.ts';
import { devicesWithRoom, exclusiveDevices, MILLI, type NodeRes, type PodRes } from './resources.ts';

export interface GpuScorer {
  readonly name: string;
  /** Raw integer score of a feasible node (higher is better); `node` is its index, for caches. */
  score(res: NodeRes, pod: PodRes, node: number): number;
  /** Optional NormalizeScore over the feasible nodes' scores, in place. */
  normalize?(scores: number[]): void;
  /** Optional: choose among the feasible nodes directly (Random's PreScore). Returns an index into `feasible`. */
  select?(feasible: readonly number[]): number;
  /** Devices for one pod on the chosen node. */
  devices(res: NodeRes, pod: PodRes, node: number): number[] | null;
}

/** gpuSelMethod "best": a shared GPU on the device with the least room that fits (first such); whole GPUs: the first fully free devices. */
export function bestDevices(res: NodeRes, pod: PodRes): number[] | null {
  if (pod.gpuNumber === 0) return [];
  if (pod.milliGpu >= MILLI) return exclusiveDevices(res, pod);
  const left = res.gpuLeft.slice();
  const out: number[] = [];
  for (let k = 0; k < pod.gpuNumber; k++) {
    let best = -1;
    for (let g = 0; g < left.length; g++) {
      if (out.includes(g) || left[g]! < pod.milliGpu) continue;
      if (best === -1 || left[g]! < left[best]!) best = g;
    }
    if (best < 0) return null;
    out.push(best);
    left[best]! -= pod.milliGpu;
  }
  return out;
}

/** gpuSelMethod "random": a shared GPU on a device drawn uniformly (reservoir sampling) among those with room; whole GPUs as "best". */
export function randomDevices(res: NodeRes, pod: PodRes, random: Random): number[] | null {
  if (pod.gpuNumber === 0) return [];
  if (pod.milliGpu >= MILLI || pod.gpuNumber > 1) return pod.milliGpu >= MILLI ? exclusiveDevices(res, pod) : bestDevices(res, pod);
  let chosen = -1;
  let count = 0;
  for (const g of devicesWithRoom(res, pod.milliGpu)) {
    count++;
    if (Math.floor(random() * count) === 0) chosen = g;
  }
  return chosen < 0 ? null : [chosen];
}

/** The simulator's plugin_utils NormalizeScore: min-max to 0..100 in integer arithmetic; all 0 when equal. */
export function minMaxNormalize(scores: number[]): void {
  let hi = -Infinity;
  let lo = Infinity;
  for (const s of scores) {
    if (s > hi) hi = s;
    if (s < lo) lo = s;
  }
  const range = hi - lo;
  for (let i = 0; i < scores.length; i++) scores[i] = range === 0 ? 0 : Math.trunc(((scores[i]! - lo) * 100) / range);
}
