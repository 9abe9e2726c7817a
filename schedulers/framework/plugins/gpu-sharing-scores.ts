/**
 * The GPU-sharing policies (schedulers/gpu/) as score plugins, under the names
 * of the FGD paper's simulator, so that a KubeSchedulerConfiguration written
 * for it works here: FGDScore, BestFitScore, GpuPackingScore,
 * GpuClusteringScore, DotProductScore, RandomScore. Each scores a node from
 * the pod's and the node's cpu and GPU (assumed pods included) and chooses the
 * pod's GPU devices on the chosen node (the highest-weighted such plugin
 * decides). RandomScore gives 100 to one feasible node drawn from the
 * scheduler's seeded stream and 0 to the others, as the simulator's plugin.
 * Ties between nodes follow the framework (seeded reservoir sampling), not the
 * smallest-name rule of the `--placement` versions.
 */
import { createBestFitScorer } from '../../gpu/best-fit.ts';
import { createDotProductScorer } from '../../gpu/dot-product.ts';
import { createFgdScorer } from '../../gpu/fgd.ts';
import { createGpuClusteringScorer } from '../../gpu/gpu-clustering.ts';
import { createGpuPackingScorer } from '../../gpu/gpu-packing.ts';
import type { GpuScorer } from '../../gpu/policy.ts';
import { randomDevices } from '../../gpu/policy.ts';
import { gpuTag, NO_GPU_TAG, type NodeRes, type PodRes } from '../../gpu/resources.ts';
import { typicalPodsOfJobs, type TypicalPod } from '../../gpu/typical-pods.ts';
import type { PodInfo } from '../pod.ts';
import type { Snapshot } from '../state.ts';
import { CycleState, SUCCESS, type DeviceChooser, type Handle, type PreScorePlugin, type ScorePlugin, type Status } from '../types.ts';

export function podResOfPod(p: PodInfo): PodRes {
  return { milliCpu: p.nonZeroMilliCpu, milliGpu: p.gpu?.milli ?? 0, gpuNumber: p.gpu?.count ?? 0, gpuType: (p.gpuModels ?? []).join('|') };
}

export function nodeResOfSnapshot(s: Snapshot, node: number): NodeRes {
  const affinity = new Map<string, number>();
  for (const e of s.podsOn(node)) {
    const tag = gpuTag(podResOfPod(e.pod));
    if (tag !== NO_GPU_TAG) affinity.set(tag, (affinity.get(tag) ?? 0) + e.count);
  }
  const cpu = s.cpu;
  return {
    milliCpuLeft: cpu >= 0 ? s.allocatable(node, cpu) - s.requested(node, cpu) : 0,
    milliCpuCapacity: cpu >= 0 ? s.allocatable(node, cpu) : 0,
    gpuLeft: s.deviceFreeList(node).map(Math.round),
    gpuType: s.gpuModel(node) ?? '',
    affinity,
  };
}

function wrap(name: string, handle: Handle, scorer: GpuScorer): ScorePlugin & DeviceChooser {
  const s = handle.snapshot;
  return {
    name,
    score: (_state: CycleState, pod: PodInfo, node: number) => scorer.score(nodeResOfSnapshot(s, node), podResOfPod(pod), node),
    ...(scorer.normalize ? { normalizeScore: (_st: CycleState, _p: PodInfo, _n: readonly number[], scores: number[]) => scorer.normalize!(scores) } : {}),
    chooseDevices: (pod: PodInfo, node: number) => scorer.devices(nodeResOfSnapshot(s, node), podResOfPod(pod), node),
  };
}

export function createFgdScore(handle: Handle): ScorePlugin & DeviceChooser {
  let typical: readonly TypicalPod[] | null = null;
  return wrap('FGDScore', handle, createFgdScorer(() => (typical ??= typicalPodsOfJobs(handle.snapshot.jobs))));
}
export const createBestFitScore = (h: Handle) => wrap('BestFitScore', h, createBestFitScorer());
export const createGpuPackingScore = (h: Handle) => wrap('GpuPackingScore', h, createGpuPackingScorer());
export const createGpuClusteringScore = (h: Handle) => wrap('GpuClusteringScore', h, createGpuClusteringScorer());
export const createDotProductScore = (h: Handle) => wrap('DotProductScore', h, createDotProductScorer());

export function createRandomScore(handle: Handle): PreScorePlugin & ScorePlugin & DeviceChooser {
  const KEY = 'PreScoreRandomScore';
  return {
    name: 'RandomScore',
    preScore(state: CycleState, _pod: PodInfo, nodes: readonly number[]): Status {
      state.write(KEY, nodes[Math.floor(handle.random() * nodes.length)]);
      return SUCCESS;
    },
    score: (state: CycleState, _pod: PodInfo, node: number) => (state.read<number>(KEY) === node ? 100 : 0),
    chooseDevices: (pod: PodInfo, node: number) => randomDevices(nodeResOfSnapshot(handle.snapshot, node), podResOfPod(pod), handle.random),
  };
}
