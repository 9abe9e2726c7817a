/**
 * LeastAllocated scoring strategy of NodeResourcesFit (upstream
 * noderesources/least_allocated.go): per resource
 * (allocatable − requested) × 100 / allocatable (0 when over-requested),
 * then the weighted mean Σ score·w / Σ w, all in integer arithmetic.
 */
import { MAX_NODE_SCORE } from '../types.ts';
import { idiv, type ResourceSpec } from './resource-allocation.ts';

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return idiv((capacity - requested) * MAX_NODE_SCORE, capacity);
}

export function leastAllocatedScorer(resources: readonly ResourceSpec[]) {
  return (requested: ArrayLike<number>, allocatable: ArrayLike<number>): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}
