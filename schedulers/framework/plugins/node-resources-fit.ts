/**
 * NodeResourcesFit (upstream noderesources/fit.go).
 *
 * Filter: a node fits when, for every resource the pod requests (> 0),
 * request ≤ allocatable − requested; otherwise "Insufficient <resource>" for
 * each short resource (Unschedulable: preemption may help). Resources in
 * `ignoredResources`, or of a group in `ignoredResourceGroups` (the part before
 * "/" of the upstream name: `nvidia.com` ignores nvidia.com/gpu), are not
 * checked. ("Too many pods": every pod requests one `pods`; a node that gives
 * no `pods` allocatable has the kubelet's 110, experiments/run/pod-limit.ts.)
 *
 * Score: the configured scoring strategy (args.scoringStrategy.type):
 * LeastAllocated (default), MostAllocated or RequestedToCapacityRatio, over
 * args.scoringStrategy.resources (default cpu and memory, weight 1), with the
 * non-zero requests (see resource-allocation.ts).
 */
import { parseArgs, type ConfigVersion, type FitArgs, type StrategyType } from '../plugin-args.ts';
import type { PodInfo } from '../pod.ts';
import { CycleState, SUCCESS, unschedulable, type FilterPlugin, type Handle, type ScorePlugin, type Status } from '../types.ts';
import { canonicalResource } from '../units.ts';
import { allocatedScores } from './allocation-scores.ts';
import { leastAllocatedScorer } from './least-allocated.ts';
import { mostAllocatedScorer } from './most-allocated.ts';
import { requestedToCapacityRatioScorer } from './requested-to-capacity-ratio.ts';
import { ResourceAllocation } from './resource-allocation.ts';

export const NAME = 'NodeResourcesFit';
export type { StrategyType };

/** Upstream resource names behind clusterlab's `gpu`, for ignoredResourceGroups. */
const GPU_GROUPS = new Set(['nvidia.com', 'amd.com', 'alibabacloud.com']);

function inGroups(resource: string, groups: readonly string[]): boolean {
  if (groups.length === 0) return false;
  const slash = resource.indexOf('/');
  if (slash > 0) return groups.includes(resource.slice(0, slash));
  return resource === canonicalResource('nvidia.com/gpu') && groups.some((g) => GPU_GROUPS.has(g));
}

type FitPlugin = FilterPlugin & ScorePlugin & { readonly strategy: StrategyType; readonly ignoresResources: boolean };

/** NodeResourcesFit from raw args (checked by plugin-args.ts). */
export function createNodeResourcesFit(handle: Handle, args: Record<string, unknown> = {}, version: ConfigVersion = 'v1'): FitPlugin {
  return nodeResourcesFitFrom(handle, parseArgs<FitArgs>(NAME, args, version));
}

export function nodeResourcesFitFrom(handle: Handle, args: FitArgs): FitPlugin {
  const snapshot = handle.snapshot;
  const { type, resources } = args.strategy;
  let scorer: (requested: ArrayLike<number>, allocatable: ArrayLike<number>) => number;
  if (type === 'LeastAllocated') scorer = leastAllocatedScorer(resources);
  else if (type === 'MostAllocated') scorer = mostAllocatedScorer(resources);
  else scorer = requestedToCapacityRatioScorer(resources, args.strategy.shape!);
  const ignored = new Set(snapshot.resources.filter((r) => args.ignoredResources.includes(r) || inGroups(r, args.ignoredResourceGroups)));
  const alloc = new ResourceAllocation(resources, snapshot, false);
  const R = snapshot.R;
  const names = snapshot.resources;
  const requested = new Float64Array(resources.length);
  const allocatable = new Float64Array(resources.length);
  const ignoredAt = names.map((r) => ignored.has(r));
  const statusOf = new Map<number, Status>();
  let cachedJob = -1;
  let cachedRequests: Float64Array = new Float64Array(0);

  return {
    name: NAME,
    strategy: type,
    ignoresResources: ignored.size > 0,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      // The short resources as a bit set: one shared Status per set (this runs for every node examined).
      let short = 0;
      for (let r = 0; r < R; r++) {
        const q = pod.requests[r]!;
        if (q <= 0 || ignoredAt[r]) continue;
        if (q > snapshot.allocatable(node, r) - snapshot.requested(node, r)) short += 2 ** r;
      }
      if (short === 0) return SUCCESS;
      let st = statusOf.get(short);
      if (!st) {
        const reasons: string[] = [];
        for (let r = 0; r < R; r++) if (Math.floor(short / 2 ** r) % 2 === 1) reasons.push(names[r] === 'pods' ? 'Too many pods' : `Insufficient ${names[r]}`);
        statusOf.set(short, (st = unschedulable(...reasons)));
      }
      return st;
    },
    score(_state: CycleState, pod: PodInfo, node: number): number {
      if (pod.job !== cachedJob) {
        cachedJob = pod.job;
        cachedRequests = alloc.podRequests(pod);
      }
      alloc.fill(node, cachedRequests, requested, allocatable);
      return scorer(requested, allocatable);
    },
    scoreNodes(_state: CycleState, pod: PodInfo, nodes: readonly number[], count: number, out: number[]): void {
      if (pod.job !== cachedJob) {
        cachedJob = pod.job;
        cachedRequests = alloc.podRequests(pod);
      }
      if (type !== 'RequestedToCapacityRatio') return allocatedScores(alloc, type === 'MostAllocated', cachedRequests, nodes, count, out);
      for (let i = 0; i < count; i++) {
        alloc.fill(nodes[i]!, cachedRequests, requested, allocatable);
        out[i] = scorer(requested, allocatable);
      }
    },
  };
}
