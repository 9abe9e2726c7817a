/**
 * The `dynamics` section of summary.json of a scenario run. Every key is
 * present in every run of a scenario (zeros when a feature is unused), so
 * variants compare column by column. Definitions are in docs/dynamics.md "Metrics of
 * dynamic runs"; times in seconds unless the name says otherwise.
 */
import type { RunResult } from '../../sim/engine.ts';
import { JobState } from '../../sim/policy.ts';
import type { NodeMeter } from '../../schedulers/control/node-meter.ts';
import type { World } from '../../schedulers/control/world.ts';
import type { ConfigController } from '../../schedulers/config/controller.ts';
import type { RecoveryController } from '../../schedulers/recovery/controller.ts';
import type { ClusterAutoscaler } from '../../schedulers/scaling/cluster-autoscaler.ts';
import type { ServiceController, ServiceState } from '../../schedulers/services/controller.ts';
import { MINUTES_PER_YEAR, outageSummary } from '../../schedulers/services/outages.ts';
import type { Scenario } from './schema.ts';
import { minOf } from '../../sim/arrays.ts';

const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

export interface DynamicsParts {
  scenario: Scenario;
  result: RunResult;
  world: World;
  nodeMeter: NodeMeter;
  recovery: RecoveryController;
  services: ServiceController | null;
  ca: ClusterAutoscaler | null;
  config: ConfigController | null;
}

export function serviceSummary(s: ServiceState): Record<string, number | null> {
  const t = s.totals;
  return {
    availability: t.time > 0 ? t.availableTime / t.time : 0,
    request_success_ratio: t.offered > 0 ? t.served / t.offered : 1,
    requests: t.offered,
    requests_failed: t.failed,
    requests_dropped: t.dropped,
    mean_latency: t.ok > 0 ? t.latencySum / t.ok : 0,
    slo_violation_minutes: t.violationTime / 60,
    mean_replicas: t.time > 0 ? t.desiredTime / t.time : s.desired,
    min_replicas: t.minDesired,
    max_replicas: t.maxDesired,
    mean_ready_replicas: t.time > 0 ? t.readyTime / t.time : 0,
    utilization: t.readyTime > 0 ? t.busy / t.readyTime : 0,
    replicas_created: t.created,
    replicas_evicted: t.evicted,
    replicas_drained: t.drained,
    replicas_scaled_down: t.scaledDown,
    replicas_rolled_out: t.rolledOut,
    scale_ups: t.scaleUps,
    scale_downs: t.scaleDowns,
    ...outageSummary(s.outages.count, s.outages.total, s.outages.longest, t.time),
  };
}

export function summarizeDynamics(p: DynamicsParts): Record<string, unknown> {
  const duration = p.result.now - p.result.startTime;
  const recovery = recoverySummary(p);
  const services = servicesSummary(p.services, duration);
  return {
    nodes: p.nodeMeter.summary(duration),
    recovery,
    services: services.each,
    services_total: services.total,
    autoscaling: autoscalingSummary(services.replicaScaleUps, services.replicaScaleDowns, p.ca),
    rollouts: rolloutsSummary(p.services),
    config: configSummary(p),
  };
}

/** The batch jobs (everything the services do not own): interruptions, restarts, failures, work lost, recovery times. */
function recoverySummary(p: DynamicsParts): Record<string, unknown> {
  const { result, world, recovery } = p;
  const jobs = result.jobs;
  const R = jobs.resources.length;
  const cpu = jobs.resources.indexOf('cpu');
  let restarted = 0;
  let failed = 0;
  let lostCpu = 0;
  let batch = 0;
  const interrupted = new Set<number>();
  for (let j = 0; j < jobs.count; j++) {
    if (world.owners.has(j)) continue;
    batch++;
    restarted += Math.max(0, result.attempts[j]! - 1);
    if (result.state[j] === JobState.Failed) failed++;
    if (cpu >= 0) lostCpu += result.lost[j]! * jobs.request[j * R + cpu]! * jobs.tasks[j]!;
  }
  const byCause: Record<string, number> = { 'node-failure': 0, 'task-failure': 0, drain: 0 };
  for (const i of recovery.interruptions) {
    interrupted.add(i.job);
    byCause[i.cause] = (byCause[i.cause] ?? 0) + 1;
  }
  const resumed = recovery.interruptions.filter((i) => !Number.isNaN(i.resumedAt));
  return {
    policy: recovery.policy.name,
    batch_jobs: batch,
    jobs_interrupted: interrupted.size,
    interruptions: recovery.interruptions.length,
    by_cause: byCause,
    jobs_restarted: restarted,
    jobs_failed: failed,
    work_lost_cpu_seconds: lostCpu,
    mean_time_to_reschedule: mean(resumed.map((i) => i.resumedAt - i.decidedAt)),
    mean_time_to_recover: mean(resumed.map((i) => i.resumedAt - i.at)),
    unrecovered: recovery.interruptions.length - resumed.length - recovery.interruptions.filter((i) => i.action === 'failed').length,
  };
}

/** Each service's summary, and all of them together (with the replica scale events, which autoscaling reports). */
function servicesSummary(services: ServiceController | null, duration: number) {
  const each: Record<string, Record<string, number | null>> = {};
  let offered = 0;
  let served = 0;
  let failedReq = 0;
  let dropped = 0;
  let latency = 0;
  let ok = 0;
  let violation = 0;
  let scaleUps = 0;
  let scaleDowns = 0;
  const availabilities: number[] = [];
  let outages = 0;
  let outageTime = 0;
  let longest = 0;
  for (const s of services?.services ?? []) {
    const sum = serviceSummary(s);
    each[s.name] = sum;
    availabilities.push(sum.availability!);
    offered += s.totals.offered;
    served += s.totals.served;
    failedReq += s.totals.failed;
    dropped += s.totals.dropped;
    latency += s.totals.latencySum;
    ok += s.totals.ok;
    violation += s.totals.violationTime;
    scaleUps += s.totals.scaleUps;
    scaleDowns += s.totals.scaleDowns;
    outages += s.outages.count;
    outageTime += s.outages.total;
    longest = Math.max(longest, s.outages.longest);
  }
  const meanAvailability = availabilities.length > 0 ? mean(availabilities) : 1;
  const total = {
    services: services?.services.length ?? 0,
    mean_availability: meanAvailability,
    min_availability: availabilities.length > 0 ? minOf(availabilities) : 1,
    request_success_ratio: offered > 0 ? served / offered : 1,
    requests: offered,
    requests_failed: failedReq,
    requests_dropped: dropped,
    mean_latency: ok > 0 ? latency / ok : 0,
    slo_violation_minutes: violation / 60,
    // Every service's outages together; the downtime per year is that of the mean availability.
    outages,
    mean_outage: outages > 0 ? outageTime / outages : 0,
    max_outage: longest,
    mean_time_between_outages: outages > 0 ? duration / outages : null,
    downtime_minutes_per_year: (1 - meanAvailability) * MINUTES_PER_YEAR,
  };
  return { each, total, replicaScaleUps: scaleUps, replicaScaleDowns: scaleDowns };
}

function autoscalingSummary(replicaScaleUps: number, replicaScaleDowns: number, ca: ClusterAutoscaler | null): Record<string, number> {
  return {
    replica_scale_ups: replicaScaleUps,
    replica_scale_downs: replicaScaleDowns,
    node_scale_ups: ca?.stats.scaleUps ?? 0,
    node_scale_downs: ca?.stats.scaleDowns ?? 0,
    node_scale_down_failures: ca?.stats.scaleDownFailures ?? 0,
    nodes_added: ca?.stats.nodesAdded ?? 0,
    nodes_removed: ca?.stats.nodesRemoved ?? 0,
    scans_without_possible_scale_up: ca?.stats.noScaleUpPossible ?? 0,
  };
}

function rolloutsSummary(services: ServiceController | null): Record<string, unknown>[] {
  return (services?.rollouts ?? []).map((r) => ({
    service: r.service,
    strategy: r.strategy,
    from: r.from,
    to: r.to,
    start: r.start,
    end: Number.isNaN(r.end) ? null : r.end,
    duration: Number.isNaN(r.end) ? null : r.end - r.start,
    outcome: r.outcome,
    desired: r.desired,
    min_available: r.minAvailable,
    requests: r.requests,
    requests_failed: r.requestsFailed,
  }));
}

/** Configuration drift and reconciliation, and each rollout of a new desired version. */
function configSummary(p: DynamicsParts): Record<string, unknown> {
  const { world, config } = p;
  const changes = (config?.changes ?? []).map((c) => ({ version: c.version, at: c.at, converged_at: Number.isNaN(c.convergedAt) ? null : c.convergedAt, time_to_converge: Number.isNaN(c.convergedAt) ? null : c.convergedAt - c.at }));
  return {
    enabled: config !== null,
    desired_version: world.desiredConfig,
    drift_events: config?.driftEvents ?? 0,
    reconciliations: config?.reconciliations ?? 0,
    mean_off_config_fraction: p.nodeMeter.offConfigFraction(),
    mean_time_to_reconcile: mean(config?.offDurations ?? []),
    changes,
  };
}
