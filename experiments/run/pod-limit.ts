/**
 * The kubelet's pod limit. Kubernetes pods request one `pods` each (the
 * importer writes `pods: 1`, traces/kubernetes.ts) and a node takes at most
 * its allocatable `pods`. A node that does not say (a hand-written Node, a
 * cluster description) runs a kubelet with the default --max-pods, 110
 * (kubelet config maxPods); without this, every pod would be rejected for
 * requesting a resource no node has.
 */
import type { ClusterSpec, NodeSpec } from '../../sim/cluster.ts';
import { columnsOf } from '../../sim/job-columns.ts';
import type { SimJob } from '../../sim/jobs.ts';

/** kubelet's default maxPods. */
export const DEFAULT_MAX_PODS = 110;

/** The cluster with `pods: 110` on every node that has no `pods`, when some job requests pods; else the same object. */
export function withPodLimit(spec: ClusterSpec, jobs: readonly SimJob[]): ClusterSpec {
  const columns = columnsOf(jobs);
  // Jobs kept as columns share one request: read it rather than make every job object.
  let wantsPods = columns !== undefined && columns.count > 0 && (columns.request.pods ?? 0) > 0;
  if (!columns) for (const job of jobs) {
    if ((job.request.pods ?? 0) > 0) {
      wantsPods = true;
      break;
    }
  }
  if (!wantsPods || spec.nodes.every((n) => n.capacity.pods !== undefined)) return spec;
  const nodes: NodeSpec[] = spec.nodes.map((n) => (n.capacity.pods !== undefined ? n : { ...n, capacity: { ...n.capacity, pods: DEFAULT_MAX_PODS } }));
  const resources = spec.resources && !spec.resources.includes('pods') ? [...spec.resources, 'pods'] : spec.resources;
  return resources ? { resources, nodes } : { nodes };
}
