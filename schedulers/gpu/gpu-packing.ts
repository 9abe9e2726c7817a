/**
 * GPU packing (simulator plugin GpuPackingScore), from high to low:
 *  1. the pod fits on GPUs already in use: 100 − (Σ over the devices it would
 *     use, fullest first, of their free milli × 100 / 1000) / 10, at least 50;
 *  2. it must use fully free GPUs of a node already in use: 50 − their number,
 *     at least 33;
 *  3. the node's GPUs are all free: 33 − free GPUs, at least that number
 *     (sic: the simulator caps with the free-GPU count).
 * CPU-only pods score 0 everywhere (ties broken at random). Devices: "best".
 */
import { bestDevices, type GpuScorer } from './policy.ts';
import { ascendingDevices, fullyFreeGpus, MILLI, type NodeRes, type PodRes } from './resources.ts';

export function gpuPackingScore(res: NodeRes, pod: PodRes): number {
  if (pod.milliGpu <= 0) return 0;
  const fullyFree = fullyFreeGpus(res);
  if (fullyFree === res.gpuLeft.length) return Math.max(Math.trunc(100 / 3) - fullyFree, fullyFree);
  let need = pod.gpuNumber;
  let freeToUse = 0;
  const use: number[] = [];
  for (const i of ascendingDevices(res)) {
    if (need === 0) break;
    const left = res.gpuLeft[i]!;
    if (pod.milliGpu <= left) {
      need--;
      use.push(i);
      if (left === MILLI) freeToUse++;
    }
  }
  if (need !== 0) return 0;
  if (freeToUse > 0) return Math.max(Math.trunc(100 / 2) - freeToUse, Math.trunc(100 / 3));
  let ratio = 0;
  for (const g of use) ratio += Math.trunc((res.gpuLeft[g]! * 100) / MILLI);
  return Math.max(100 - Math.trunc(ratio / 10), Math.trunc(100 / 2));
}

export function createGpuPackingScorer(): GpuScorer {
  return { name: 'gpu-packing', score: gpuPackingScore, devices: bestDevices };
}
