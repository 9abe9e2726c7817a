/**
 * NodeResourcesFit (upstream noderesources/fit.go).
 *
 * Filter: a node fits when, for every resource the pod requests (> 0),
 * request ≤ allocatable − requested; otherwise "Insufficient <resource>" for
 * each short resource (Unschedulable: preemption may help). Resources in
 * `ignoredResources` are not checked. (Upstream's "Too many pods" check needs a
 * `pods` allocatable, which clusterlab nodes do not have; it is not modelled.)
 *
 * Score: the configured scoring strategy (args.scoringStrategy.type):
 * LeastAllocated (default), MostAllocated or RequestedToCapacityRatio, over
 * args.scoringStrategy.resources (default cpu and memory, weight 1), with the
 * non-zero requests (see resource-allocation.ts).
 */
import { InputError } from '../../../sim/errors.ts';
import type { PodInfo } from '../pod.ts';
import { CycleState, SUCCESS, unschedulable, type FilterPlugin, type Handle, type ScorePlugin, type Status } from '../types.ts';
import { canonicalResource } from '../units.ts';
import { leastAllocatedScorer } from './least-allocated.ts';
import { mostAllocatedScorer } from './most-allocated.ts';
import { parseShape, requestedToCapacityRatioScorer } from './requested-to-capacity-ratio.ts';
import { parseResources, ResourceAllocation } from './resource-allocation.ts';

export const NAME = 'NodeResourcesFit';

export type StrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export function createNodeResourcesFit(handle: Handle, args: Record<string, unknown> = {}): FilterPlugin & ScorePlugin & { readonly strategy: StrategyType } {
  const snapshot = handle.snapshot;
  const strategyArgs = (args.scoringStrategy ?? {}) as Record<string, unknown>;
  const type = (strategyArgs.type ?? 'LeastAllocated') as StrategyType;
  if (!['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'].includes(type)) {
    throw new InputError(`${NAME} args: scoringStrategy.type must be LeastAllocated, MostAllocated or RequestedToCapacityRatio, got ${JSON.stringify(type)}`);
  }
  const resources = parseResources(strategyArgs.resources, `${NAME} args: scoringStrategy.resources`);
  let scorer: (requested: ArrayLike<number>, allocatable: ArrayLike<number>) => number;
  if (type === 'LeastAllocated') scorer = leastAllocatedScorer(resources);
  else if (type === 'MostAllocated') scorer = mostAllocatedScorer(resources);
  else {
    const rtc = (strategyArgs.requestedToCapacityRatio ?? {}) as Record<string, unknown>;
    scorer = requestedToCapacityRatioScorer(resources, parseShape(rtc.shape, `${NAME} args: scoringStrategy.requestedToCapacityRatio.shape`));
  }
  const ignored = new Set(((args.ignoredResources ?? []) as unknown[]).map((n) => canonicalResource(String(n))));
  const alloc = new ResourceAllocation(resources, snapshot, false);
  const R = snapshot.R;
  const names = snapshot.resources;
  const requested = new Float64Array(resources.length);
  const allocatable = new Float64Array(resources.length);
  let cachedJob = -1;
  let cachedRequests: Float64Array = new Float64Array(0);

  return {
    name: NAME,
    strategy: type,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      let reasons: string[] | null = null;
      for (let r = 0; r < R; r++) {
        const q = pod.requests[r]!;
        if (q <= 0 || ignored.has(names[r]!)) continue;
        if (q > snapshot.allocatable(node, r) - snapshot.requested(node, r)) (reasons ??= []).push(names[r] === 'pods' ? 'Too many pods' : `Insufficient ${names[r]}`);
      }
      return reasons ? unschedulable(...reasons) : SUCCESS;
    },
    score(_state: CycleState, pod: PodInfo, node: number): number {
      if (pod.job !== cachedJob) {
        cachedJob = pod.job;
        cachedRequests = alloc.podRequests(pod);
      }
      alloc.fill(node, cachedRequests, requested, allocatable);
      return scorer(requested, allocatable);
    },
  };
}
