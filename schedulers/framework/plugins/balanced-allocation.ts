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
import { Mode, ResourceAllocation } from './resource-allocation.ts';

export const NAME = 'NodeResourcesBalancedAllocation';

/** A resource's requested fraction, capped at 1 (allocatable > 0). */
function fraction(requested: number, allocatable: number): number {
  const f = requested / allocatable;
  return f > 1 ? 1 : f;
}

/** Runs once per scored node: the fractions are recomputed in a second pass rather than kept in an array. */
export function balancedResourceScorer(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  let count = 0;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = fraction(requested[i]!, allocatable[i]!);
    total += f;
    if (count === 0) first = f;
    else if (count === 1) second = f;
    count++;
  }
  let std = 0;
  if (count === 2) std = Math.abs((first - second) / 2);
  else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = fraction(requested[i]!, allocatable[i]!);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * balancedResourceScorer over the scored nodes of one cycle in one loop, the
 * amounts read from the snapshot's columns as ResourceAllocation.fill reads
 * them (actual requests): the same arithmetic in the same order, no call per
 * node; `fractions` is scratch of one entry per configured resource.
 */
function balancedScores(alloc: ResourceAllocation, podRequests: Float64Array, nodes: readonly number[], count: number, out: number[], fractions: Float64Array): void {
  const s = alloc.snapshot;
  const modes = alloc.plan(podRequests);
  const index = alloc.index;
  const allocCol = s.columns();
  const R = s.R;
  const K = modes.length;
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    const base = node * R;
    let n = 0;
    let total = 0;
    for (let k = 0; k < K; k++) {
      const mode = modes[k]!;
      if (mode === Mode.Skip) continue;
      const r = index[k]!;
      const allocatable = allocCol[base + r]!;
      if (allocatable === 0) continue;
      const f = fraction(alloc.requestedOn(mode, node, r) + podRequests[k]!, allocatable);
      total += f;
      fractions[n++] = f;
    }
    let std = 0;
    if (n === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
    else if (n > 2) {
      const mean = total / n;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (fractions[k]! - mean) * (fractions[k]! - mean);
      std = Math.sqrt(sum / n);
    }
    out[i] = Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

/** From raw args (tests); the scheduler builds it from validated ones (balancedAllocationFrom). */
export function createBalancedAllocation(handle: Handle, args: Record<string, unknown> = {}, version: ConfigVersion = 'v1'): PreScorePlugin & ScorePlugin {
  return balancedAllocationFrom(handle, parseArgs<BalancedArgs>(NAME, args, version));
}

export function balancedAllocationFrom(handle: Handle, { resources }: BalancedArgs): PreScorePlugin & ScorePlugin {
  const alloc = new ResourceAllocation(resources, handle.snapshot, true);
  const requested = new Float64Array(resources.length);
  const allocatable = new Float64Array(resources.length);
  const fractions = new Float64Array(resources.length);
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
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly number[], count: number, out: number[]): void {
      balancedScores(alloc, state.read<Float64Array>(KEY) ?? alloc.podRequests(pod), nodes, count, out, fractions);
    },
  };
}
