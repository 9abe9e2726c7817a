/**
 * Tenants under the batch schedulers: a placement policy wrapped so that a
 * tenant's jobs go only to its node pools (through PoolView) and start only
 * while the tenant's running jobs leave room in its quota (the ResourceQuota
 * arithmetic of quota.ts, on the requests of the tenant's running jobs, as
 * the Kubernetes-style scheduler's ResourceQuota plugin counts its
 * namespace's pods). A job over quota waits, as a pod over quota does there;
 * one over its whole quota was rejected by admission already.
 */
import type { ClusterView, Placement } from '../../sim/cluster.ts';
import type { JobTable } from '../../sim/jobs.ts';
import type { Job } from '../../workloads/job.ts';
import type { ResourceQuota } from '../framework/objects.ts';
import { toUpstream } from '../framework/units.ts';
import type { PlacementPolicy } from '../types.ts';
import { PoolView } from './pool-view.ts';
import { quotaExceeded } from './quota.ts';
import { tenantOf, type Tenant } from './tenant.ts';

interface Rules {
  pools: Set<string> | null;
  quota: ResourceQuota | null;
  /** Pool membership by node index, grown as nodes are added. */
  mask: boolean[];
  /** Running requests (upstream units, by quota resource) and tasks. */
  used: Float64Array;
  pods: number;
}

export function tenantPlacement(inner: PlacementPolicy, tenants: readonly Tenant[], poolLabel: string): PlacementPolicy {
  const rules = new Map<string, Rules>();
  for (const t of tenants) {
    if (!t.pools && !t.quota) continue;
    const quota = t.quota ? { name: t.name, namespace: t.name, hard: new Map(Object.entries(t.quota)) } : null;
    rules.set(t.name, { pools: t.pools ? new Set(t.pools) : null, quota, mask: [], used: new Float64Array(quota?.hard.size ?? 0), pods: 0 });
  }
  const quotaResources = (q: ResourceQuota) => [...q.hard.keys()];
  /** What each running job of a ruled tenant holds: its tenant's rules and its requests. */
  const holding = new Map<number, { rules: Rules; requests: number[]; tasks: number }>();
  const rulesOf = (job: number, jobs: JobTable) => rules.get(tenantOf(jobs.input[job] as Job, false));
  const requestsOf = (job: number, jobs: JobTable, q: ResourceQuota) => quotaResources(q).map((res) => {
    const r = jobs.resources.indexOf(res);
    return r < 0 ? 0 : toUpstream(res, jobs.request[job * jobs.resources.length + r]!);
  });
  const allowed = (r: Rules, cluster: ClusterView) => (node: number) => {
    for (let n = r.mask.length; n < cluster.nodeCount; n++) r.mask.push(r.pools!.has(cluster.labels[n]?.[poolLabel] ?? ''));
    return r.mask[node] === true;
  };
  return {
    name: inner.name,
    perJob: true,
    place(job, jobs, cluster): Placement | null {
      const r = rulesOf(job, jobs);
      if (!r) return inner.place(job, jobs, cluster);
      if (r.quota && quotaExceeded(r.quota, quotaResources(r.quota), requestsOf(job, jobs, r.quota), jobs.tasks[job]!, r.used, r.pods)) return null;
      return inner.place(job, jobs, r.pools ? new PoolView(cluster, allowed(r, cluster)) : cluster);
    },
    onStart(job, placement, jobs) {
      inner.onStart?.(job, placement, jobs);
      const r = rulesOf(job, jobs);
      if (!r?.quota) return;
      const held = { rules: r, requests: requestsOf(job, jobs, r.quota), tasks: jobs.tasks[job]! };
      for (let k = 0; k < held.requests.length; k++) r.used[k]! += held.tasks * held.requests[k]!;
      r.pods += held.tasks;
      holding.set(job, held);
    },
    onEnd(job) {
      inner.onEnd?.(job);
      const held = holding.get(job);
      if (!held) return;
      for (let k = 0; k < held.requests.length; k++) held.rules.used[k]! -= held.tasks * held.requests[k]!;
      held.rules.pods -= held.tasks;
      holding.delete(job);
    },
  };
}
