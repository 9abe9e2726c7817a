/**
 * The GPU fragmentation measure of FGD (Weng et al., ATC'23, §3; the
 * simulator's NodeGpuShareFragAmountScore in pkg/utils/frag.go): the expected
 * amount of a node's free GPU (milli-GPU) that a pod drawn from the target
 * workload could not use,
 *   F(node) = Σ over typical pods m of freq(m) × frag(node, m), where
 *   frag(node, m) = the node's free GPU on devices with less free than m needs
 *                   (Σ of left_g < milliGpu(m)), when m fits the node (enough
 *                   such devices and cpu, type accessible: case Q3);
 *                 = all of the node's free GPU otherwise (m lacks GPU, cpu or
 *                   both, cannot access the type, or asks no GPU at all:
 *                   cases Q1, Q2, Q4, XL, XR, no-access).
 * The last rule is the simulator's to the letter: for a CPU-only pod every
 * free GPU counts as fragment.
 */
import { accessible, type NodeRes } from './resources.ts';
import type { TypicalPod } from './typical-pods.ts';

export function nodeFragmentation(n: NodeRes, typical: readonly TypicalPod[]): number {
  let total = 0;
  for (const x of n.gpuLeft) total += x;
  if (total === 0) return 0;
  let frag = 0;
  for (const { pod, freq } of typical) {
    if (pod.milliGpu === 0 || !accessible(n, pod)) {
      frag += freq * total;
      continue;
    }
    let fit = 0;
    let small = 0;
    for (const x of n.gpuLeft) {
      if (x >= pod.milliGpu) fit++;
      else small += x;
    }
    const gpuOk = fit >= pod.gpuNumber && pod.gpuNumber > 0;
    if (gpuOk && n.milliCpuLeft >= pod.milliCpu) frag += freq * small;
    else frag += freq * total;
  }
  return frag;
}

/** Memoized F by node state (type, cpu left, free GPU multiset), as the simulator's fragMemo. */
export class FragmentationMemo {
  private readonly memo = new Map<string, number>();
  constructor(private readonly typical: readonly TypicalPod[]) {}

  of(n: NodeRes): number {
    const sorted = n.gpuLeft.slice().sort((a, b) => a - b);
    const key = `${n.gpuType}|${n.milliCpuLeft}|${sorted.join(',')}`;
    let v = this.memo.get(key);
    if (v === undefined) {
      v = nodeFragmentation(n, this.typical);
      if (this.memo.size > 1_000_000) this.memo.clear();
      this.memo.set(key, v);
    }
    return v;
  }
}
