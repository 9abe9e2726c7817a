/**
 * GPU-sharing placements for the batch schedulers (`--placement fgd`,
 * `best-fit` on GPU clusters, `gpu-packing`, `gpu-clustering`, `dot-product`,
 * `random`): the pipeline of the FGD simulator for each task of a job —
 *   filter: the task fits the node (every resource, and GPU devices: `count`
 *     devices with `milli` free each), the node is up and not cordoned, and its
 *     GPU model (label clusterlab/gpu-model) is one the job accepts
 *     (constraints.gpuModels);
 *   score every feasible node with the policy (percentageOfNodesToScore 100, as
 *     the paper's runs), normalize if the policy does;
 *   select the highest score; ties go to the node whose name is smallest in
 *     lexicographic order, as in the paper's simulator (its kube-scheduler fork,
 *     mental2008/kubernetes v1.20.5-minor, replaces upstream's random reservoir
 *     sampling in selectHost by this rule "for reproducibility"; the measured
 *     allocation depends on it: random ties spread pods and strand GPUs);
 *   choose devices with the policy's method.
 * Tasks of one job are placed one after the other on the state the previous
 * ones leave. Taints and affinities are not looked at here: use the
 * Kubernetes-style scheduler (--scheduler-config) for those.
 */
import type { ClusterView, Placement } from '../../sim/cluster.ts';
import type { JobTable } from '../../sim/jobs.ts';
import type { PlacementPolicy } from '../types.ts';
import type { GpuScorer } from './policy.ts';
import { accessible, GPU_MODEL_LABEL, gpuTag, NO_GPU_TAG, nodeResOf, podResOf, type NodeRes, type PodRes } from './resources.ts';

export interface GpuPlacementPolicy extends PlacementPolicy {
  readonly scorer: GpuScorer;
}

type Classes = Map<number, Map<string, number>>;
const empty: ReadonlyMap<string, number> = new Map();

/** Per node of the overlay: tasks of this job placed there, and the state they leave. */
type Overlay = Map<number, { count: number; res: NodeRes }>;

/** The filter step: nodes that can take one more task of the job, with their (overlaid) state. */
function feasibleNodes(job: number, jobs: JobTable, cluster: ClusterView, pod: PodRes, placed: Overlay, classes: Classes): { feasible: number[]; states: NodeRes[] } {
  const req = jobs.requestOf(job);
  const shape = pod.gpuNumber > 0 && jobs.gpuCount[job]! > 0 ? { count: jobs.gpuCount[job]!, milli: jobs.gpuMilli[job]! } : undefined;
  const models = (jobs.input[job] as { constraints?: { gpuModels?: readonly string[] } }).constraints?.gpuModels;
  const feasible: number[] = [];
  const states: NodeRes[] = [];
  for (let node = 0; node < cluster.nodeCount; node++) {
    if (!cluster.isUp(node) || cluster.unschedulable[node]) continue;
    const already = placed.get(node)?.count ?? 0;
    if (cluster.tasksThatFit(node, req, shape) <= already) continue;
    if (models && models.length > 0 && !models.includes(cluster.labels[node]![GPU_MODEL_LABEL] ?? '')) continue;
    const res = placed.get(node)?.res ?? nodeResOf(cluster, node, classes.get(node) ?? empty);
    if (!accessible(res, pod) || !gpuFits(res, pod)) continue;
    feasible.push(node);
    states.push(res);
  }
  return { feasible, states };
}

/** Score and select: the highest score, ties to the smallest node name (see above); `first`: the job's first task (the scorers key later tasks apart). */
function selectNode(scorer: GpuScorer, cluster: ClusterView, pod: PodRes, feasible: readonly number[], states: readonly NodeRes[], first: boolean): number {
  if (scorer.select) return scorer.select(feasible);
  const scores = feasible.map((node, i) => scorer.score(states[i]!, pod, first ? node : -1 - node));
  scorer.normalize?.(scores);
  let best = 0;
  const names = cluster.nodeIds;
  for (let i = 1; i < scores.length; i++) {
    if (scores[i]! > scores[best]! || (scores[i] === scores[best] && names[feasible[i]!]! < names[feasible[best]!]!)) best = i;
  }
  return best;
}

/** The tasks of a job, one after the other on the state the previous ones leave; null when one finds no node. */
function placeJob(scorer: GpuScorer, classes: Classes, job: number, jobs: JobTable, cluster: ClusterView): Placement | null {
  const pod = podResOf(job, jobs);
  const withDevices = pod.gpuNumber > 0 && jobs.gpuCount[job]! > 0;
  const tasks = jobs.tasks[job]!;
  const placed: Overlay = new Map();
  const order: number[] = [];
  const devices = new Map<number, number[]>();
  for (let t = 0; t < tasks; t++) {
    const { feasible, states } = feasibleNodes(job, jobs, cluster, pod, placed, classes);
    if (feasible.length === 0) return null;
    const best = selectNode(scorer, cluster, pod, feasible, states, t === 0);
    const node = feasible[best]!;
    const res = states[best]!;
    const chosen = scorer.devices(res, pod, t === 0 ? node : -1 - node);
    if (pod.gpuNumber > 0 && !chosen) return null;
    const gpuLeft = res.gpuLeft.slice();
    for (const g of chosen ?? []) gpuLeft[g]! -= pod.milliGpu;
    const entry = placed.get(node);
    placed.set(node, { count: (entry?.count ?? 0) + 1, res: { ...res, milliCpuLeft: res.milliCpuLeft - pod.milliCpu, gpuLeft } });
    if (!entry) order.push(node);
    if (withDevices) devices.set(node, [...(devices.get(node) ?? []), ...(chosen ?? [])]);
  }
  const counts = order.map((n) => placed.get(n)!.count);
  return withDevices ? { nodes: order, counts, devices: order.flatMap((n) => devices.get(n)!) } : { nodes: order, counts };
}

export function createGpuPlacement(scorer: GpuScorer): GpuPlacementPolicy {
  /** GPU classes of the pods on each node (GPU clustering), maintained from starts and ends. */
  const classes: Classes = new Map();
  const classesOfJob = new Map<number, { nodes: readonly number[]; counts: readonly number[]; tag: string }>();
  const place = (job: number, jobs: JobTable, cluster: ClusterView): Placement | null => placeJob(scorer, classes, job, jobs, cluster);

  return {
    name: scorer.name,
    scorer,
    place,
    onStart(job, placement, jobs) {
      const tag = gpuTag(podResOf(job, jobs));
      if (tag === NO_GPU_TAG) return;
      classesOfJob.set(job, { nodes: [...placement.nodes], counts: [...placement.counts], tag });
      placement.nodes.forEach((node, i) => {
        let m = classes.get(node);
        if (!m) classes.set(node, (m = new Map()));
        m.set(tag, (m.get(tag) ?? 0) + placement.counts[i]!);
      });
    },
    onEnd(job) {
      const e = classesOfJob.get(job);
      if (!e) return;
      classesOfJob.delete(job);
      e.nodes.forEach((node, i) => {
        const m = classes.get(node)!;
        const left = (m.get(e.tag) ?? 0) - e.counts[i]!;
        if (left > 0) m.set(e.tag, left);
        else m.delete(e.tag);
      });
    },
  };
}

/** The pod's GPUs fit the node's devices (CanNodeHostPodOnGpuMemory). */
function gpuFits(res: NodeRes, pod: PodRes): boolean {
  if (pod.gpuNumber === 0) return true;
  let n = 0;
  for (const x of res.gpuLeft) if (x >= pod.milliGpu) n++;
  return n >= pod.gpuNumber;
}
