/** A small hand-made cluster and pods for the plugin tests: no engine, the snapshot driven by hand. */
import { Cluster, type NodeSpec } from '../../../sim/cluster.ts';
import { JobTable } from '../../../sim/jobs.ts';
import { Rng } from '../../../sim/rng.ts';
import { podInfoOf, type PodInfo } from '../../../schedulers/framework/pod.ts';
import { Snapshot } from '../../../schedulers/framework/state.ts';
import { CycleState, type Handle } from '../../../schedulers/framework/types.ts';
import type { JobInput } from '../../../workloads/job.ts';
import { JobSchema } from '../../../workloads/job.ts';

export interface World {
  cluster: Cluster;
  jobs: JobTable;
  snapshot: Snapshot;
  handle: Handle;
  pod(id: string): PodInfo;
  node(name: string): number;
  /** Runs pod `id` (its tasks) on the named nodes, one pod per entry. */
  run(id: string, ...nodes: string[]): void;
  state(): CycleState;
}

type PodSpec = Partial<JobInput> & { id: string };

export function world(nodes: NodeSpec[], pods: PodSpec[], resources?: string[]): World {
  const cluster = new Cluster(resources ? { resources, nodes } : { nodes });
  const jobs = new JobTable(
    pods.map((p) => JobSchema.parse({ submit: 0, tasks: 1, request: {}, runtime: 10, estimate: 10, ...p })),
    cluster.resources,
  );
  const snapshot = new Snapshot(cluster, jobs);
  const handle: Handle = { snapshot, random: new Rng(7).stream('test') };
  const index = (id: string) => {
    const j = jobs.ids.indexOf(id);
    if (j < 0) throw new Error(`no pod ${id}`);
    return j;
  };
  const node = (name: string) => {
    const n = cluster.nodeIds.indexOf(name);
    if (n < 0) throw new Error(`no node ${name}`);
    return n;
  };
  const cache = new Map<number, PodInfo>();
  const pod = (id: string) => {
    const j = index(id);
    let p = cache.get(j);
    if (!p) cache.set(j, (p = podInfoOf(j, jobs)));
    return p;
  };
  return {
    cluster,
    jobs,
    snapshot,
    handle,
    pod,
    node,
    run(id, ...names) {
      const j = index(id);
      const counts = new Map<number, number>();
      for (const n of names) counts.set(node(n), (counts.get(node(n)) ?? 0) + 1);
      const order = [...counts.keys()];
      const gpu = jobs.gpuCount[j]! > 0 ? { count: jobs.gpuCount[j]!, milli: jobs.gpuMilli[j]! } : undefined;
      cluster.allocate({ nodes: order, counts: order.map((n) => counts.get(n)!) }, jobs.requestOf(j), names.length, id, 'test', 0, gpu);
      for (const n of order) snapshot.add(pod(id), n, counts.get(n)!, undefined, false);
    },
    state: () => new CycleState(),
  };
}
