/**
 * Dot product (Tetris's alignment heuristic as the FGD paper's baseline;
 * simulator plugin DotProductScore with dimExtMethod "merge", normMethod
 * "max", as in the paper's runs): node vector (free cpu, total free milli-GPU)
 * and pod vector (cpu, milli-GPU × GPUs), both divided by (128 000, 8 000);
 * d = (node · pod) / 2; score = int((1 − d) × 100): the smaller the product,
 * the better (the node left least aligned with the pod, i.e. the fuller).
 * Devices: "best".
 */
import { bestDevices, type GpuScorer } from './policy.ts';
import { MAX_SPEC_CPU, MAX_SPEC_GPU, totalGpuLeft, type NodeRes, type PodRes } from './resources.ts';

export function dotProductScore(res: NodeRes, pod: PodRes): number {
  if (res.milliCpuLeft < pod.milliCpu) return 0;
  const d = ((res.milliCpuLeft / MAX_SPEC_CPU) * (pod.milliCpu / MAX_SPEC_CPU) + (totalGpuLeft(res) / MAX_SPEC_GPU) * ((pod.milliGpu * pod.gpuNumber) / MAX_SPEC_GPU)) / 2;
  return Math.trunc(100 * (1 - d));
}

export function createDotProductScorer(): GpuScorer {
  return { name: 'dot-product', score: dotProductScore, devices: bestDevices };
}
