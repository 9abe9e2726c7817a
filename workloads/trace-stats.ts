/**
 * What `clusterlab trace info` reports about a workload: counts, time span,
 * offered load, distributions (quantiles) of job sizes, requests, runtimes
 * and inter-arrival times, and what the reader dropped or repaired. Pure.
 *
 * Definitions:
 * - span_seconds = last submit − first submit;
 * - offered load of resource r = Σ tasks × request_r × runtime over jobs with
 *   a finite runtime, divided by (cluster capacity of r × span_seconds), the
 *   usual definition for SWF logs (jobs that never end are counted apart, in
 *   infinite_runtimes);
 * - quantiles by linear interpolation between order statistics (as
 *   sim/metrics.ts: Hyndman and Fan type 7, as R and NumPy);
 * - size = tasks; request_<r> = the job's whole request (tasks × per task);
 *   inter-arrival times between consecutive submits in time order.
 */
import type { ClusterSpec } from '../sim/cluster.ts';
import { quantileSorted } from '../sim/metrics.ts';
import type { Workload } from './workload.ts';

export interface Distribution {
  count: number;
  mean: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
}

export interface TraceStats {
  format: string;
  files: string[];
  jobs: number;
  tasks: number;
  nodes: number;
  resources: string[];
  capacity: Record<string, number>;
  first_submit: number | null;
  last_submit: number | null;
  span_seconds: number;
  offered_load: Record<string, number | null>;
  infinite_runtimes: number;
  kinds: Record<string, number>;
  distributions: Record<string, Distribution | null>;
  dropped: Record<string, number>;
  repaired: Record<string, number>;
  records: Record<string, number>;
  machine_events: number;
}

export function distribution(values: ArrayLike<number>): Distribution | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const q = (p: number) => quantileSorted(sorted, p);
  return { count: n, mean: sum / n, min: sorted[0]!, p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p99: q(0.99), max: sorted[n - 1]! };
}

/** Statistics of `workload`, against `cluster` (the trace's own when not given) for the offered load. */
export function traceStats(workload: Workload, cluster: ClusterSpec | null = workload.cluster): TraceStats {
  const jobs = workload.jobs;
  const n = jobs.length;
  const sizes = new Float64Array(n);
  const submits = new Float64Array(n);
  const runtimes: number[] = [];
  const requestNames: string[] = [];
  const requests = new Map<string, number[]>();
  const work = new Map<string, number>();
  const kinds: Record<string, number> = {};
  let tasks = 0;
  let infinite = 0;
  for (let i = 0; i < n; i++) {
    const job = jobs[i]!;
    sizes[i] = job.tasks;
    submits[i] = job.submit;
    tasks += job.tasks;
    const kind = job.kind ?? 'job';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const finite = Number.isFinite(job.runtime);
    if (finite) runtimes.push(job.runtime);
    else infinite++;
    for (const r in job.request) {
      let list = requests.get(r);
      if (list === undefined) {
        requests.set(r, (list = []));
        requestNames.push(r);
      }
      const total = job.tasks * job.request[r]!;
      list.push(total);
      if (finite) work.set(r, (work.get(r) ?? 0) + total * job.runtime);
    }
  }
  submits.sort();
  const interarrival = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) interarrival[i - 1] = submits[i]! - submits[i - 1]!;
  const span = n > 1 ? submits[n - 1]! - submits[0]! : 0;
  const capacity: Record<string, number> = {};
  const resources: string[] = [];
  if (cluster) {
    for (const r of cluster.resources ?? []) if (!resources.includes(r)) resources.push(r);
    for (const node of cluster.nodes) {
      for (const [r, x] of Object.entries(node.capacity)) {
        if (!resources.includes(r)) resources.push(r);
        capacity[r] = (capacity[r] ?? 0) + x;
      }
    }
  }
  const load: Record<string, number | null> = {};
  for (const r of resources) load[r] = span > 0 && (capacity[r] ?? 0) > 0 ? (work.get(r) ?? 0) / (capacity[r]! * span) : null;
  const distributions: Record<string, Distribution | null> = {
    size: distribution(sizes),
    runtime: distribution(runtimes),
    interarrival: distribution(interarrival),
  };
  for (const r of requestNames) distributions[`request_${r}`] = distribution(requests.get(r)!);
  return {
    format: workload.source.format,
    files: workload.source.file.split(','),
    jobs: n,
    tasks,
    nodes: cluster ? cluster.nodes.length : 0,
    resources,
    capacity,
    first_submit: n > 0 ? submits[0]! : null,
    last_submit: n > 0 ? submits[n - 1]! : null,
    span_seconds: span,
    offered_load: load,
    infinite_runtimes: infinite,
    kinds,
    distributions,
    dropped: workload.dropped,
    repaired: workload.repaired,
    records: workload.records ?? {},
    machine_events: workload.machineEvents?.length ?? 0,
  };
}
