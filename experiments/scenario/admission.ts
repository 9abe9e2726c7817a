/**
 * A scenario's tenants in its run: the admission plan of its batch jobs,
 * the tenants' quotas as ResourceQuota objects for the Kubernetes-style
 * scheduler (its ResourceQuota plugin enforces them), the batch schedulers'
 * placement wrapped to respect pools and quotas, and the policy wrapped so
 * rejected jobs are refused at submission and counted. Pure.
 */
import type { SchedulingPolicy } from '../../sim/policy.ts';
import { admit, type AdmissionPlan } from '../../schedulers/admission/admit.ts';
import { tenantPlacement } from '../../schedulers/admission/placement.ts';
import { AdmissionLog, withAdmission } from '../../schedulers/admission/policy.ts';
import { createBatchScheduler } from '../../schedulers/batch.ts';
import { GROUP_LABEL } from '../../schedulers/control/world.ts';
import type { Objects } from '../../schedulers/framework/objects.ts';
import { backfills, lookup, placements, queueOrders, type RegistryContext } from '../../schedulers/registry.ts';
import type { Job } from '../../workloads/job.ts';
import { InputError } from '../../sim/errors.ts';
import type { LimitRangeSpec, Tenant } from '../../schedulers/admission/tenant.ts';
import type { Scenario } from './schema.ts';

type Policy = (context: RegistryContext) => SchedulingPolicy;

export interface Admission {
  plan: AdmissionPlan;
  /** The counts of the last run built (null before one is). */
  log: AdmissionLog | null;
  addQuotas(objects: Objects): void;
  batchPolicy(choice: Extract<Scenario['scheduler'], { kind: 'batch' }>): Policy;
  wrap(policy: Policy): Policy;
}

/**
 * The scenario's tenants, and a tenant for each namespace with a LimitRange
 * object in the scheduler configuration (`file`); a namespace cannot have
 * both a LimitRange object and a tenant's `limitRange`.
 */
export function scenarioTenants(scenario: Scenario, limitRanges: ReadonlyMap<string, LimitRangeSpec> | undefined, file: string | undefined): Tenant[] {
  const out: Tenant[] = (scenario.tenants ?? []).map((t) => ({ ...t }));
  for (const [namespace, limitRange] of limitRanges ?? []) {
    const t = out.find((x) => x.name === namespace);
    if (!t) out.push({ name: namespace, limitRange });
    else if (t.limitRange) throw new InputError(`namespace ${namespace} has a LimitRange object, and tenant ${namespace} of the scenario a limitRange: give one`, { file });
    else t.limitRange = limitRange;
  }
  return out;
}

export function admittedPolicy(scenario: Scenario, tenants: readonly Tenant[], jobs: readonly Job[]): Admission {
  const poolLabel = scenario.cluster.poolLabel ?? GROUP_LABEL;
  const plan = admit(jobs, { tenants, poolLabel, kube: scenario.scheduler.kind === 'kube' });
  const admission: Admission = {
    plan,
    log: null,
    addQuotas(objects) {
      for (const t of tenants) if (t.quota) objects.quotas.push({ name: t.name, namespace: t.name, hard: new Map(Object.entries(t.quota)) });
    },
    batchPolicy: (choice) => (context) =>
      createBatchScheduler({
        order: lookup(queueOrders, choice.queue, context),
        backfill: lookup(backfills, choice.backfill, context),
        placement: tenantPlacement(lookup(placements, choice.placement, context), tenants, poolLabel),
        unschedulable: choice.unschedulable,
      }),
    wrap: (policy) => (context) => {
      admission.log = new AdmissionLog(tenants.map((t) => t.name));
      return withAdmission(policy(context), plan, admission.log);
    },
  };
  return admission;
}
