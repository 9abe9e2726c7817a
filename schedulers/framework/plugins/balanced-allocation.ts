/**
 * NodeResourcesBalancedAllocation (upstream noderesources/balanced_allocation.go):
 * favours nodes whose resource fractions (requested / allocatable, capped at 1,
 * with the pod added, actual requests) are close to each other:
 * score = int((1 − std) × 100), std = |f1 − f2| / 2 for two resources, the
 * population standard deviation for more, 0 for one. Best-effort pods (no
 * request of any configured resource) skip this plugin (PreScore Skip, as
 * upstream since 1.32). Args: resources (default cpu and memory).
 */
import type { PodInfo } from '../pod.ts';
import { CycleState, MAX_NODE_SCORE, SKIP, SUCCESS, type Handle, type PreScorePlugin, type ScorePlugin, type Status } from '../types.ts';
import { parseArgs, type BalancedArgs, type ConfigVersion } from '../plugin-args.ts';
import { ResourceAllocation } from './resource-allocation.ts';

export const NAME = 'NodeResourcesBalancedAllocation';

/** Scratch for the fractions (the scorer runs once per scored node; no allocation per call). */
const fractions: number[] = [];

export function balancedResourceScorer(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  fractions.length = 0;
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** From raw args (tests); the scheduler builds it from validated ones (balancedAllocationFrom). */
export function createBalancedAllocation(handle: Handle, args: Record<string, unknown> = {}, version: ConfigVersion = 'v1'): PreScorePlugin & ScorePlugin {
  return balancedAllocationFrom(handle, parseArgs<BalancedArgs>(NAME, args, version));
}

export function balancedAllocationFrom(handle: Handle, { resources }: BalancedArgs): PreScorePlugin & ScorePlugin {
  const alloc = new ResourceAllocation(resources, handle.snapshot, true);
  const requested = new Float64Array(resources.length);
  const allocatable = new Float64Array(resources.length);
  const KEY = `PreScore${NAME}`;
  // The pod's requests read once per cycle, not once per scored node.
  let lastState: CycleState | null = null;
  let lastRequests: Float64Array | undefined;
  return {
    name: NAME,
    preScore(state: CycleState, pod: PodInfo): Status {
      const podRequests = alloc.podRequests(pod);
      if (podRequests.every((q) => q === 0)) return SKIP;
      state.write(KEY, podRequests);
      return SUCCESS;
    },
    score(state: CycleState, pod: PodInfo, node: number): number {
      if (state !== lastState) {
        lastState = state;
        lastRequests = state.read<Float64Array>(KEY);
      }
      const podRequests = lastRequests ?? alloc.podRequests(pod);
      alloc.fill(node, podRequests, requested, allocatable);
      return balancedResourceScorer(requested, allocatable);
    },
  };
}
