/**
 * Node pools a tenant may use. A pool is the set of nodes with one value of
 * the cluster's pool label (`cluster.poolLabel`, by default the node group
 * label). Upstream restricts a namespace's pods to nodes with the
 * PodNodeSelector admission plugin (plugin/pkg/admission/podnodeselector):
 * the namespace's selector is merged into every pod's, and a pod whose own
 * nodeSelector contradicts it is forbidden ("pod node label selector
 * conflicts with its namespace node label selector"). A selector holds one
 * value per label, so several pools are a required node affinity term here
 * (`<poolLabel> In [pools]`), ANDed into each of the pod's own terms, which
 * the NodeAffinity plugin enforces; the batch schedulers read the same
 * restriction through placement.ts.
 */
import type { Job } from '../../workloads/job.ts';

export const POOL_CONFLICT = 'pod node label selector conflicts with its namespace node label selector';

/** The job's own nodeSelector asks for a pool outside `pools`. */
export function poolConflict(job: Job, poolLabel: string, pools: readonly string[]): boolean {
  const wanted = job.constraints?.nodeSelector?.[poolLabel];
  return wanted !== undefined && !pools.includes(wanted);
}

type Term = { matchExpressions?: unknown[] } & Record<string, unknown>;

/** The job with `<poolLabel> In [pools]` added to every required node affinity term (one term when it has none). */
export function restrictToPools(job: Job, poolLabel: string, pools: readonly string[]): Job {
  const expression = { key: poolLabel, operator: 'In', values: [...pools] };
  const affinity = (job.constraints?.affinity ?? {}) as Record<string, any>;
  const nodeAffinity = (affinity.nodeAffinity ?? {}) as Record<string, any>;
  const required = (nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}) as Record<string, any>;
  const terms: Term[] = Array.isArray(required.nodeSelectorTerms) && required.nodeSelectorTerms.length > 0 ? required.nodeSelectorTerms : [{}];
  const restricted = terms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), expression] }));
  return {
    ...job,
    constraints: {
      ...job.constraints,
      affinity: { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: restricted } } },
    },
  };
}
