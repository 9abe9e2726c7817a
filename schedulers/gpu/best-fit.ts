/**
 * BestFit of the GPU-sharing literature (the FGD paper's baseline; simulator
 * plugin BestFitScore): the node left with the least resources,
 *   s = Σ over (cpu, gpu) of 0.5 × (free − request) / maxSpec,
 * with free cpu and total free milli-GPU, maxSpec 128 000 milli-cpu and 8 000
 * milli-GPU; score = int((1 − s) × 100), then min-max normalized over the
 * feasible nodes. Devices: "best" (the fullest device that fits a shared GPU).
 */
import { bestDevices, minMaxNormalize, type GpuScorer } from './policy.ts';
import { MAX_SPEC_CPU, MAX_SPEC_GPU, totalGpuLeft, type NodeRes, type PodRes } from './resources.ts';

export function bestFitScore(res: NodeRes, pod: PodRes): number {
  const s = ((res.milliCpuLeft - pod.milliCpu) / MAX_SPEC_CPU) * 0.5 + ((totalGpuLeft(res) - pod.milliGpu * pod.gpuNumber) / MAX_SPEC_GPU) * 0.5;
  return Math.trunc((1 - s) * 100);
}

export function createBestFitScorer(): GpuScorer {
  return { name: 'best-fit', score: bestFitScore, normalize: minMaxNormalize, devices: bestDevices };
}
