/**
 * MostAllocated scoring strategy of NodeResourcesFit (upstream
 * noderesources/most_allocated.go): per resource requested × 100 / allocatable,
 * with requested capped at allocatable (pods without requests count the
 * non-zero defaults, which can exceed it), then the weighted integer mean.
 */
import { MAX_NODE_SCORE } from '../types.ts';
import { idiv, type ResourceSpec } from './resource-allocation.ts';

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return idiv(requested * MAX_NODE_SCORE, capacity);
}

export function mostAllocatedScorer(resources: readonly ResourceSpec[]) {
  return (requested: ArrayLike<number>, allocatable: ArrayLike<number>): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += mostRequestedScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}
