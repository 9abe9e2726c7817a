/**
 * The target workload of FGD: the "typical pods" and their popularity
 * (GetTypicalPods in the simulator's pkg/utils/frag.go), computed from the
 * whole workload of the run (every job of the trace after fill, as the
 * simulator does with its tuned pod list), with the settings of the paper's
 * experiments (scripts/generate_config_and_run.py): CPU-only pods included,
 * popularity threshold 95 %, increase step 1, GPU resource weight 0.
 *
 * Pods are grouped by (milliCpu, milliGpu, gpuNumber, gpuType); groups are
 * sorted by count, most popular first (ties: the larger by that tuple first,
 * as sort.Reverse of the simulator's Less); the most popular groups are taken
 * one at a time until they cover 95 % of the pods, and their frequencies are
 * renormalized to sum to 1.
 */
import type { JobTable } from '../../sim/jobs.ts';
import { podResOf, type PodRes } from './resources.ts';

export interface TypicalPod {
  readonly pod: PodRes;
  readonly freq: number;
}

export const POPULARITY_THRESHOLD = 95;
export const INCREASE_STEP = 1;

const keyOf = (p: PodRes) => `${p.milliCpu}|${p.milliGpu}|${p.gpuNumber}|${p.gpuType}`;

function less(a: PodRes, b: PodRes): boolean {
  if (a.milliCpu !== b.milliCpu) return a.milliCpu < b.milliCpu;
  if (a.milliGpu !== b.milliGpu) return a.milliGpu < b.milliGpu;
  if (a.gpuNumber !== b.gpuNumber) return a.gpuNumber < b.gpuNumber;
  return a.gpuType < b.gpuType;
}

export function typicalPodsOf(pods: readonly PodRes[]): TypicalPod[] {
  const counts = new Map<string, { pod: PodRes; count: number }>();
  for (const p of pods) {
    const k = keyOf(p);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { pod: p, count: 1 });
  }
  const total = pods.length;
  const list = [...counts.values()].sort((a, b) => {
    if (a.count !== b.count) return b.count - a.count;
    return less(a.pod, b.pod) ? 1 : less(b.pod, a.pod) ? -1 : 0;
  });
  const expected = (POPULARITY_THRESHOLD * total) / 100;
  let i = 0;
  let podResNum = 0;
  let cum = 0;
  const freq: number[] = [];
  while (cum < expected && i < list.length) {
    podResNum += INCREASE_STEP;
    while (i < podResNum && i < list.length) {
      cum += list[i]!.count;
      freq.push(list[i]!.count / total);
      i++;
    }
  }
  if (i >= list.length) return list.map((e, k) => ({ pod: e.pod, freq: freq[k] ?? e.count / total }));
  const scale = cum / total;
  return list.slice(0, i).map((e, k) => ({ pod: e.pod, freq: freq[k]! / scale }));
}

/** Typical pods of every job in the table (one entry per task). */
export function typicalPodsOfJobs(jobs: JobTable): TypicalPod[] {
  const pods: PodRes[] = [];
  for (let j = 0; j < jobs.count; j++) {
    const p = podResOf(j, jobs);
    for (let t = 0; t < jobs.tasks[j]!; t++) pods.push(p);
  }
  return typicalPodsOf(pods);
}
