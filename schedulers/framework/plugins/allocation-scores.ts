/**
 * The LeastAllocated and MostAllocated strategies of NodeResourcesFit over
 * the scored nodes of one cycle in one loop (upstream
 * noderesources/least_allocated.go and most_allocated.go, through
 * resource_allocation.go's score): per node, per configured resource the
 * requested amount with the pod (non-zero cpu and memory) against allocatable,
 * read from the snapshot's typed columns, scored by leastRequestedScore or
 * mostRequestedScore, and the weighted integer mean Σ score·w / Σ w over the
 * resources the node has. The same integer arithmetic, in the same order, as
 * ResourceAllocation.fill followed by leastAllocatedScorer/mostAllocatedScorer,
 * without a call or an array per node.
 */
import { leastRequestedScore } from './least-allocated.ts';
import { mostRequestedScore } from './most-allocated.ts';
import { idiv, Mode, type ResourceAllocation } from './resource-allocation.ts';

export function allocatedScores(alloc: ResourceAllocation, most: boolean, podRequests: Float64Array, nodes: readonly number[], count: number, out: number[]): void {
  const s = alloc.snapshot;
  const modes = alloc.plan(podRequests);
  const index = alloc.index;
  const weights = alloc.weights;
  const allocCol = s.columns();
  const R = s.R;
  const K = modes.length;
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    const base = node * R;
    let nodeScore = 0;
    let weightSum = 0;
    for (let k = 0; k < K; k++) {
      const mode = modes[k]!;
      if (mode === Mode.Skip) continue;
      const r = index[k]!;
      const allocatable = allocCol[base + r]!;
      if (allocatable === 0) continue;
      const requested = alloc.requestedOn(mode, node, r) + podRequests[k]!;
      const weight = weights[k]!;
      nodeScore += (most ? mostRequestedScore(requested, allocatable) : leastRequestedScore(requested, allocatable)) * weight;
      weightSum += weight;
    }
    out[i] = weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  }
}
