/**
 * The resource model of the GPU-sharing policies, after the simulator of Weng
 * et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with
 * Fragmentation Gradient Descent" (USENIX ATC'23; hkust-adsl/kubernetes-
 * scheduler-simulator, pkg/type/resource.go). Only cpu and GPUs take part in
 * the scores (memory is checked by the filter, not scored), in integer
 * milli-units:
 *   pod:  milliCpu (the non-zero request: 100m when the pod sets none),
 *         milliGpu per GPU (0..1000), gpuNumber, gpuType ("" or models joined by "|");
 *   node: milliCpuLeft, milliCpuCapacity, milliGpuLeft per device, gpuType
 *         (label clusterlab/gpu-model), and its pods' GPU classes ("share-gpu",
 *         "<n>-gpu") for GPU clustering.
 */
import type { ClusterView } from '../../sim/cluster.ts';
import type { JobTable } from '../../sim/jobs.ts';

export const MILLI = 1000;
/** The simulator's normalizers (open-gpu-share/utils/const.go): the largest node, 128 cores and 8 GPUs. */
export const MAX_SPEC_CPU = 128000;
export const MAX_SPEC_GPU = 8000;
export const GPU_MODEL_LABEL = 'clusterlab/gpu-model';
export const NO_GPU_TAG = 'no-gpu';
export const SHARE_GPU_TAG = 'share-gpu';

export interface PodRes {
  readonly milliCpu: number;
  readonly milliGpu: number;
  readonly gpuNumber: number;
  readonly gpuType: string;
}

export interface NodeRes {
  milliCpuLeft: number;
  readonly milliCpuCapacity: number;
  /** Free milli-GPU per device, in device order. */
  readonly gpuLeft: number[];
  readonly gpuType: string;
  /** GPU class → pods on the node (no-gpu pods not counted). */
  readonly affinity: ReadonlyMap<string, number>;
}

/** The PodRes of job j (one task). */
export function podResOf(j: number, jobs: JobTable): PodRes {
  const input = jobs.input[j] as { request: Readonly<Record<string, number>>; constraints?: { gpuModels?: readonly string[] } };
  const R = jobs.resources.length;
  const cpu = jobs.resources.indexOf('cpu');
  const gpu = jobs.resources.indexOf('gpu');
  const milliCpu = Object.prototype.hasOwnProperty.call(input.request, 'cpu') && cpu >= 0 ? Math.round(jobs.request[j * R + cpu]! * 1000) : 100;
  let gpuNumber = jobs.gpuCount[j]!;
  let milliGpu = jobs.gpuMilli[j]!;
  if (gpuNumber === 0 && gpu >= 0 && jobs.request[j * R + gpu]! > 0) {
    // A GPU request without a device shape: whole GPUs, or one shared GPU when fractional.
    const g = jobs.request[j * R + gpu]!;
    if (Number.isInteger(g)) {
      gpuNumber = g;
      milliGpu = MILLI;
    } else {
      gpuNumber = 1;
      milliGpu = Math.round(g * MILLI);
    }
  }
  return { milliCpu, milliGpu, gpuNumber, gpuType: (input.constraints?.gpuModels ?? []).join('|') };
}

/** The simulator's GetGpuAffinityFromPodAnnotation: the pod's GPU class. */
export function gpuTag(p: PodRes): string {
  if (p.gpuNumber === 0) return NO_GPU_TAG;
  if (p.gpuNumber === 1 && p.milliGpu < MILLI) return SHARE_GPU_TAG;
  return `${p.gpuNumber}-gpu`;
}

export function nodeResOf(cluster: ClusterView, node: number, affinity: ReadonlyMap<string, number>): NodeRes {
  const cpu = cluster.resources.indexOf('cpu');
  const n = cluster.devicesOn(node);
  const gpuLeft: number[] = [];
  for (let g = 0; g < n; g++) gpuLeft.push(Math.round(cluster.deviceFree(node, g)));
  return {
    milliCpuLeft: cpu >= 0 ? Math.round(cluster.freeOf(node, cpu) * 1000) : 0,
    milliCpuCapacity: cpu >= 0 ? Math.round(cluster.capacityOf(node, cpu) * 1000) : 0,
    gpuLeft,
    gpuType: cluster.labels[node]![GPU_MODEL_LABEL] ?? '',
    affinity,
  };
}

export function totalGpuLeft(n: NodeRes): number {
  let t = 0;
  for (const x of n.gpuLeft) t += x;
  return t;
}

export function fullyFreeGpus(n: NodeRes): number {
  let c = 0;
  for (const x of n.gpuLeft) if (x === MILLI) c++;
  return c;
}

/** IsNodeAccessibleToPodByType: a pod without a type fits any node; else the node's type must be listed. */
export function accessible(n: NodeRes, p: PodRes): boolean {
  if (p.gpuType === '') return true;
  if (n.gpuType === '') return false;
  const types = p.gpuType.split('|').filter((t) => t !== '');
  return types.length === 0 || types.includes(n.gpuType);
}

/** Device indexes sorted by free milli-GPU, ascending (stable), as SortedMilliGpuLeftIndexList(true). */
export function ascendingDevices(n: NodeRes): number[] {
  return n.gpuLeft.map((_, i) => i).sort((a, b) => n.gpuLeft[a]! - n.gpuLeft[b]! || a - b);
}

/** NodeResource.Sub: cpu, then the pod's GPUs packed on the devices with least room left first; null if it does not fit. */
export function subtract(n: NodeRes, p: PodRes): NodeRes | null {
  if (n.milliCpuLeft < p.milliCpu || n.gpuLeft.length < p.gpuNumber) return null;
  const out: NodeRes = { ...n, milliCpuLeft: n.milliCpuLeft - p.milliCpu, gpuLeft: n.gpuLeft.slice() };
  let need = p.gpuNumber;
  if (need === 0) return out;
  for (const i of ascendingDevices(n)) {
    if (p.milliGpu <= out.gpuLeft[i]!) {
      out.gpuLeft[i]! -= p.milliGpu;
      if (--need === 0) return out;
    }
  }
  return null;
}

/** AllocateExclusiveGpuId: the first fully free devices in index order, for a pod of whole GPUs. */
export function exclusiveDevices(n: NodeRes, p: PodRes): number[] | null {
  const out: number[] = [];
  for (let g = 0; g < n.gpuLeft.length && out.length < p.gpuNumber; g++) if (n.gpuLeft[g] === MILLI) out.push(g);
  return out.length === p.gpuNumber ? out : null;
}

/** Devices with room for one share of `milli`. */
export function devicesWithRoom(n: NodeRes, milli: number): number[] {
  const out: number[] = [];
  for (let g = 0; g < n.gpuLeft.length; g++) if (n.gpuLeft[g]! >= milli) out.push(g);
  return out;
}
