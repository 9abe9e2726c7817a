/**
 * 'clusterlab/policy': what a scheduler is written against. The policy
 * interface and its context, the job and cluster views, the built-in queue
 * orders, backfilling algorithms and placements to compose with, the
 * Kubernetes-style plugin interface, and the conformance suite as a function
 * (what `clusterlab check-scheduler` runs, here in process, for a test).
 *
 *   import type { SchedulingPolicy, UserSchedulerContext } from 'clusterlab/policy';
 *   export default function createScheduler(context: UserSchedulerContext): SchedulingPolicy { ... }
 */
import type { SchedulingPolicy } from '../../sim/policy.ts';
import { formatReport, runConformance, type ScenarioResult } from '../../schedulers/conformance.ts';
import { guardPolicy, userContext, type UserSchedulerFactory } from '../../schedulers/user.ts';

export { JobState, JOB_STATE_NAMES, type SchedulingContext, type SchedulingPolicy } from '../../sim/policy.ts';
export type { UserSchedulerContext, UserSchedulerFactory } from '../../schedulers/user.ts';
export type { JobTable, SimJob } from '../../sim/jobs.ts';
export type { ClusterSpec, ClusterView, NodeSpec, Placement, Taint } from '../../sim/cluster.ts';
export { homogeneousCluster } from '../../sim/cluster.ts';
export type { Random } from '../../sim/rng.ts';
export type { BackfillPolicy, PlacementPolicy, QueueOrder } from '../../schedulers/types.ts';
export { backfills, createScheduler, lookup, placements, queueOrders, type BatchChoice, type RegistryContext } from '../../schedulers/registry.ts';
export { NO_PARAMS, PolicyRegistry, type PolicyEntry } from '../../schedulers/control/registry.ts';
export { createBatchScheduler, type BatchParts } from '../../schedulers/batch.ts';
export type * from '../../schedulers/framework/types.ts';
export { CycleState, MAX_NODE_SCORE, MIN_NODE_SCORE, NodeStatus, SKIP, SUCCESS, unresolvable, unschedulable } from '../../schedulers/framework/types.ts';
export type { PodInfo } from '../../schedulers/framework/pod.ts';
export { createFrameworkScheduler, type FrameworkOptions } from '../../schedulers/framework/scheduler.ts';
export { formatReport, runConformance, SCENARIOS, type Scenario, type ScenarioResult } from '../../schedulers/conformance.ts';

export interface ConformanceReport {
  passed: boolean;
  /** The report `clusterlab check-scheduler` prints. */
  report: string;
  results: ScenarioResult[];
}

/**
 * Runs a scheduler through the conformance suite, in this process: no
 * impossible decision, no lost job, no stall, deterministic. `createScheduler`
 * is what a scheduler module exports (called once per run, twice per scenario).
 */
export function checkConformance(createScheduler: UserSchedulerFactory, name = 'scheduler'): ConformanceReport {
  const results = runConformance((context) => guardPolicy(checked(createScheduler(userContext(context))), name));
  return { passed: results.every((r) => r.passed), report: formatReport(name, results), results };
}

function checked(policy: SchedulingPolicy): SchedulingPolicy {
  if (!policy || typeof policy.schedule !== 'function') throw new TypeError('the scheduler factory did not return an object with schedule(ctx)');
  return policy;
}
