/**
 * The admission step: every job, before any scheduler sees it, goes through
 * its tenant's rules in upstream's admission order (PodNodeSelector,
 * LimitRanger, the priority-class scope of ResourceQuota, ResourceQuota):
 * a job asking for a pool its tenant may not use, a request outside the
 * LimitRange, a priority class its tenant may not claim, or more than its
 * tenant's whole quota is rejected with upstream's message
 * (`pods "<id>" is forbidden: ...`); the others run with the LimitRange's
 * defaults filled in and, under the Kubernetes-style scheduler, a node
 * affinity to their tenant's pools. Static: what depends on the running
 * jobs (quota usage) is checked when scheduling (placement.ts, and the
 * ResourceQuota plugin). Pure.
 */
import type { Job } from '../../workloads/job.ts';
import { toUpstream } from '../framework/units.ts';
import { applyLimitRange, defaultedLimitRange, type LimitRangeItem } from './limit-range.ts';
import { POOL_CONFLICT, poolConflict, restrictToPools } from './pools.ts';
import { quotaExceeded } from './quota.ts';
import { tenantOf, type Tenant } from './tenant.ts';

/** Why a job was rejected: the counting key of summary.json. */
export type RejectReason = 'node-pool' | 'limit-range' | 'priority-class' | 'quota';

export interface Rejection {
  tenant: string;
  reason: RejectReason;
  message: string;
}

export interface AdmissionPlan {
  /** The jobs as they run: defaults filled in, pools added (rejected jobs unchanged). */
  jobs: Job[];
  /** Rejected jobs by id. */
  rejected: Map<string, Rejection>;
  /** Ids of jobs whose requests took LimitRange defaults. */
  defaulted: Set<string>;
  /** The tenant of a job (for counting submissions). */
  tenantOf(job: Pick<Job, 'tenant' | 'user' | 'group'>): string;
}

export interface AdmissionOptions {
  tenants: readonly Tenant[];
  poolLabel: string;
  /** Under the Kubernetes-style scheduler (tenants are namespaces; pools become node affinity). */
  kube: boolean;
}

/** The scope a tenant's allowed classes make, as upstream prints a ScopedResourceSelectorRequirement list. */
const scope = (allowed: readonly string[]) => `[{PriorityClass NotIn [${allowed.join(' ')}]}]`;

function check(job: Job, t: Tenant, item: LimitRangeItem | null, options: AdmissionOptions): { job: Job; defaulted: boolean; rejection: [RejectReason, string] | null } {
  if (t.pools && poolConflict(job, options.poolLabel, t.pools)) return { job, defaulted: false, rejection: ['node-pool', POOL_CONFLICT] };
  let admitted = job;
  let defaulted = false;
  if (item) {
    const out = applyLimitRange(job.request, job.pod, item);
    if (out.error) return { job, defaulted: false, rejection: ['limit-range', out.error] };
    if (out.defaulted) {
      admitted = { ...job, request: { ...out.request }, ...(out.pod ? { pod: out.pod } : {}) };
      defaulted = true;
    }
  }
  if (t.priorityClasses && job.priorityClass !== undefined && !t.priorityClasses.includes(job.priorityClass)) {
    return { job, defaulted: false, rejection: ['priority-class', `insufficient quota to match these scopes: ${scope(t.priorityClasses)}`] };
  }
  if (t.quota) {
    const resources = Object.keys(t.quota).filter((r) => r !== 'pods');
    const requests = resources.map((r) => toUpstream(r, admitted.request[r] ?? 0));
    const message = quotaExceeded({ name: t.name, namespace: t.name, hard: new Map(Object.entries(t.quota)) }, resources, requests, job.tasks, null, 0);
    if (message) return { job, defaulted: false, rejection: ['quota', message] };
  }
  if (t.pools && options.kube) admitted = restrictToPools(admitted, options.poolLabel, t.pools);
  return { job: admitted, defaulted, rejection: null };
}

export function admit(jobs: readonly Job[], options: AdmissionOptions): AdmissionPlan {
  const byName = new Map(options.tenants.map((t) => [t.name, { tenant: t, item: t.limitRange ? defaultedLimitRange(t.limitRange) : null }]));
  const tenantOfJob = (job: Pick<Job, 'tenant' | 'user' | 'group'>) => tenantOf(job, options.kube);
  const rejected = new Map<string, Rejection>();
  const defaulted = new Set<string>();
  const out = jobs.map((job) => {
    const name = tenantOfJob(job);
    const rules = byName.get(name);
    if (!rules) return job;
    const r = check(job, rules.tenant, rules.item, options);
    if (r.rejection) rejected.set(job.id, { tenant: name, reason: r.rejection[0], message: `pods "${job.id}" is forbidden: ${r.rejection[1]}` });
    if (r.defaulted) defaulted.add(job.id);
    return r.job;
  });
  return { jobs: out, rejected, defaulted, tenantOf: tenantOfJob };
}
