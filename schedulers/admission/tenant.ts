/**
 * Tenants and what each may do: the node pools its jobs may run on, the
 * priority classes they may claim, a LimitRange of type Container (defaults
 * and bounds per task) and a ResourceQuota (hard limits on the summed
 * requests of its running jobs). A tenant is a Kubernetes namespace for the
 * Kubernetes-style scheduler (the job's `tenant`, "default" without one) and
 * the job's tenant, else user, else group for the batch schedulers. Checked
 * by one admission step before scheduling (admit.ts); docs/dynamics.md
 * "Tenants and admission".
 */
import { z } from 'zod';
import type { Job } from '../../workloads/job.ts';

const amounts = z.record(z.string().min(1), z.number().nonnegative().finite());

/** A LimitRange item of type Container, in clusterlab units (cpu cores, memory MiB). */
export const LimitRangeSchema = z.strictObject({
  /** Limit of a container that sets none (clusterlab jobs carry no limits: this, else `max`, is every task's limit). */
  default: amounts.optional(),
  /** Request filled in for a resource a task leaves unset. */
  defaultRequest: amounts.optional(),
  max: amounts.optional(),
  min: amounts.optional(),
});
export type LimitRangeSpec = z.infer<typeof LimitRangeSchema>;

export const TenantSchema = z.strictObject({
  name: z.string().min(1),
  /** Values of the cluster's pool label (`cluster.poolLabel`) its jobs may run on; every pool when absent. */
  pools: z.array(z.string().min(1)).optional(),
  /** Priority class names its jobs may claim (a job without one claims none); any when absent. */
  priorityClasses: z.array(z.string()).optional(),
  limitRange: LimitRangeSchema.optional(),
  /** ResourceQuota spec.hard: summed requests of its running jobs by resource, and `pods` (tasks). */
  quota: amounts.optional(),
});
export type Tenant = z.infer<typeof TenantSchema>;

/** The tenant a job belongs to: its namespace under the Kubernetes-style scheduler, else tenant, user or group. */
export function tenantOf(job: Pick<Job, 'tenant' | 'user' | 'group'>, kube: boolean): string {
  if (kube) return job.tenant ?? 'default';
  return job.tenant ?? job.user ?? job.group ?? 'default';
}

/**
 * A canonical amount as upstream's resource.Quantity prints it: cpu in cores
 * or millicores ("2", "500m"), memory in Mi or Gi, others as numbers.
 */
export function quantityString(resource: string, value: number): string {
  if (resource === 'cpu') return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
  if (resource === 'memory') return value % 1024 === 0 && value > 0 ? `${value / 1024}Gi` : `${Number(value.toPrecision(12))}Mi`;
  return String(Number(value.toPrecision(12)));
}
