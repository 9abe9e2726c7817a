/**
 * RequestedToCapacityRatio scoring strategy of NodeResourcesFit (upstream
 * noderesources/requested_to_capacity_ratio.go and helper/shape_score.go): the
 * utilization requested × 100 / allocatable (integer) goes through a broken
 * linear function given by shape points {utilization 0..100, score 0..10};
 * shape scores are scaled by MaxNodeScore / MaxCustomPriorityScore = 10.
 * Resources whose score is 0 are left out of the weighted mean, which is
 * rounded (math.Round) rather than truncated, all as upstream.
 */
import { MAX_NODE_SCORE } from '../types.ts';
import { idiv, type ResourceSpec } from './resource-allocation.ts';

export const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

export interface ShapePoint {
  utilization: number;
  score: number;
}

/** helper.BuildBrokenLinearFunction on already scaled points. */
export function brokenLinear(shape: readonly ShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + idiv((b.score - a.score) * (p - a.utilization), b.utilization - a.utilization);
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly ShapePoint[]) {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
  const raw = brokenLinear(scaled);
  const resourceScore = (requested: number, capacity: number) => {
    if (capacity === 0 || requested > capacity) return raw(MAX_UTILIZATION);
    return raw(requested <= 0 ? 0 : idiv(requested * MAX_UTILIZATION, capacity));
  };
  return (requested: ArrayLike<number>, allocatable: ArrayLike<number>): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        nodeScore += s * weight;
        weightSum += weight;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}

/** Go's math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
