/**
 * Fragmentation Gradient Descent (Weng et al., ATC'23, §4; simulator plugin
 * FGDScore with gpuSelMethod FGD): place the pod where the node's expected
 * fragmentation F (fragmentation.ts) grows least,
 *   score = int(sigmoid((F(before) − F(after)) / 1000) × 100),
 * F(after) computed on the node with the pod placed: a shared GPU is tried on
 * every device with room and the best device (first of the highest score)
 * kept; whole GPUs are packed on the devices with least room first (the
 * simulator's NodeResource.Sub) for the score, and allocated on the first
 * fully free devices. The target workload is the run's whole workload
 * (typical-pods.ts).
 *
 * Scores are cached per node and pod shape, and recomputed when the node's
 * free cpu or GPUs change; F is memoized by node state, as the simulator does.
 */
import { bestDevices, type GpuScorer } from './policy.ts';
import { FragmentationMemo } from './fragmentation.ts';
import { exclusiveDevices, MILLI, subtract, totalGpuLeft, type NodeRes, type PodRes } from './resources.ts';
import type { TypicalPod } from './typical-pods.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface FgdResult {
  score: number;
  device: number;
}

/** The FGD score of placing `pod` on `res`, and for a shared GPU the device (-1 otherwise). */
export function fgdScore(res: NodeRes, pod: PodRes, frag: (n: NodeRes) => number): FgdResult {
  const before = frag(res);
  if (pod.gpuNumber === 1 && pod.milliGpu < MILLI) {
    let score = 0;
    let device = -1;
    for (let i = 0; i < res.gpuLeft.length; i++) {
      if (res.gpuLeft[i]! < pod.milliGpu) continue;
      const gpuLeft = res.gpuLeft.slice();
      gpuLeft[i]! -= pod.milliGpu;
      const after = frag({ ...res, milliCpuLeft: res.milliCpuLeft - pod.milliCpu, gpuLeft });
      const s = Math.trunc(sigmoid((before - after) / 1000) * 100);
      if (device === -1 || s > score) {
        score = s;
        device = i;
      }
    }
    return { score, device };
  }
  const after = subtract(res, pod);
  if (!after) return { score: 0, device: -1 };
  return { score: Math.trunc(sigmoid((before - frag(after)) / 1000) * 100), device: -1 };
}

export function createFgdScorer(typical: () => readonly TypicalPod[]): GpuScorer {
  let memo: FragmentationMemo | null = null;
  const frag = (n: NodeRes) => (memo ??= new FragmentationMemo(typical())).of(n);
  /** Per pod shape: per node the state seen (cpu left, total gpu left) and the result. */
  const cache = new Map<string, Map<number, { cpu: number; gpu: number; sig: string; r: FgdResult }>>();
  const cached = (res: NodeRes, pod: PodRes, node: number): FgdResult => {
    const shape = `${pod.milliCpu}|${pod.milliGpu}|${pod.gpuNumber}|${pod.gpuType}`;
    let m = cache.get(shape);
    if (!m) cache.set(shape, (m = new Map()));
    const gpu = totalGpuLeft(res);
    const sig = res.gpuLeft.join(',');
    const e = m.get(node);
    if (e && e.cpu === res.milliCpuLeft && e.gpu === gpu && e.sig === sig) return e.r;
    const r = fgdScore(res, pod, frag);
    m.set(node, { cpu: res.milliCpuLeft, gpu, sig, r });
    return r;
  };
  return {
    name: 'fgd',
    score: (res, pod, node) => cached(res, pod, node).score,
    devices(res, pod, node) {
      if (pod.gpuNumber === 0) return [];
      if (pod.gpuNumber === 1 && pod.milliGpu < MILLI) {
        const d = cached(res, pod, node).device;
        return d < 0 ? null : [d];
      }
      return pod.milliGpu >= MILLI ? exclusiveDevices(res, pod) : bestDevices(res, pod);
    },
  };
}
