/**
 * GPUShare: clusterlab's filter for GPU devices and models (the role of the
 * Open-Gpu-Share filter of Alibaba's GPU-sharing simulator, Weng et al. ATC'23).
 * A pod with a GPU device shape {count, milli} fits a node when `count`
 * distinct devices have `milli` free each (first fit; several pods of one job
 * are checked one after the other): otherwise "Insufficient GPU devices". A pod
 * with constraints.gpuModels fits only nodes whose label clusterlab/gpu-model
 * is one of them: otherwise "node(s) didn't match the requested GPU model"
 * (unresolvable). A pod without GPU passes.
 */
import type { PodInfo } from '../pod.ts';
import { firstFitDevices, type Snapshot } from '../state.ts';
import { CycleState, SUCCESS, unresolvable, unschedulable, type FilterPlugin, type Handle, type Status } from '../types.ts';

export const NAME = 'GPUShare';

export function gpuModelMatches(pod: PodInfo, snapshot: Snapshot, node: number): boolean {
  if (!pod.gpuModels) return true;
  const model = snapshot.gpuModel(node);
  return model !== undefined && pod.gpuModels.includes(model);
}

/** Devices for one pod on `node` by first fit given the current (assumed included) free amounts, or null. */
export function devicesFor(pod: PodInfo, snapshot: Snapshot, node: number): number[] | null {
  if (!pod.gpu) return [];
  return firstFitDevices(snapshot.deviceFreeList(node), pod.gpu.count, pod.gpu.milli);
}

export function createGpuShare(handle: Handle): FilterPlugin {
  const snapshot = handle.snapshot;
  return {
    name: NAME,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      if (!pod.gpu && !pod.gpuModels) return SUCCESS;
      if (!gpuModelMatches(pod, snapshot, node)) return unresolvable("node(s) didn't match the requested GPU model");
      if (pod.gpu && devicesFor(pod, snapshot, node) === null) return unschedulable('Insufficient GPU devices');
      return SUCCESS;
    },
  };
}
