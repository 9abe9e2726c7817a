/**
 * GPU clustering (simulator plugin GpuClusteringScore): keep pods of one GPU
 * class ("share-gpu", "1-gpu", "2-gpu"...) together. With
 * b = 25 × (8000 − node's free milli-GPU) / 8000 (integer):
 *   the node runs only pods of the pod's class:            b + 75
 *   it runs the pod's class among others:                   b + 50
 *   it runs no GPU pod:                                     b + 25
 *   it runs only other classes:                             b
 * CPU-only pods score 0 everywhere. Devices: "best".
 */
import { bestDevices, type GpuScorer } from './policy.ts';
import { gpuTag, MAX_SPEC_GPU, NO_GPU_TAG, totalGpuLeft, type NodeRes, type PodRes } from './resources.ts';

export function gpuClusteringScore(res: NodeRes, pod: PodRes): number {
  const tag = gpuTag(pod);
  if (tag === NO_GPU_TAG) return 0;
  const base = Math.trunc((25 * (MAX_SPEC_GPU - totalGpuLeft(res))) / MAX_SPEC_GPU);
  if ((res.affinity.get(tag) ?? 0) > 0) return base + (res.affinity.size === 1 ? 75 : 50);
  return base + (res.affinity.size === 0 ? 25 : 0);
}

export function createGpuClusteringScorer(): GpuScorer {
  return { name: 'gpu-clustering', score: gpuClusteringScore, devices: bestDevices };
}
