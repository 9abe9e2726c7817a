/**
 * From a parsed scenario and a seed to the pieces of one run: the cluster, the
 * batch jobs, the controllers (node lifecycle, recovery, services, autoscalers,
 * cluster autoscaler, rollouts, configuration, failure policies), the
 * observers, and the function that summarizes the run. Pure (no Node
 * imports): files named in the scenario come through `readText`, and a batch
 * trace is read by the caller and given as `traceJobs`.
 */
import type { z } from 'zod';
import type { ClusterSpec, NodeSpec } from '../../sim/cluster.ts';
import type { Controller, SystemEvent } from '../../sim/controller.ts';
import type { RunResult } from '../../sim/engine.ts';
import type { SchedulingPolicy } from '../../sim/policy.ts';
import type { Observer } from '../../sim/recorder.ts';
import { Rng } from '../../sim/rng.ts';
import type { SeriesExtension } from '../../sim/timeseries.ts';
import { DynamicInvariants } from '../../schedulers/control/invariants.ts';
import { NodeMeter } from '../../schedulers/control/node-meter.ts';
import { DynamicsRecorder } from '../../schedulers/control/recorder.ts';
import { GROUP_LABEL, RACK_LABEL, World, ZONE_LABEL } from '../../schedulers/control/world.ts';
import { ConfigController } from '../../schedulers/config/controller.ts';
import { reconcilePolicies } from '../../schedulers/config/registry.ts';
import { DeploymentController } from '../../schedulers/deployment/controller.ts';
import { deploymentStrategies } from '../../schedulers/deployment/registry.ts';
import { exponentialSampler } from '../../workloads/distributions/exponential.ts';
import { sample } from '../../workloads/distributions/lifetime.ts';
import { failurePolicies } from '../../schedulers/failures/registry.ts';
import { SparePool } from '../../schedulers/failures/spares.ts';
import { RecoveryController } from '../../schedulers/recovery/controller.ts';
import { recoveryPolicies } from '../../schedulers/recovery/registry.ts';
import { defaultProfile, parseSchedulerConfig } from '../../schedulers/framework/config.ts';
import { parseObjects } from '../../schedulers/framework/objects.ts';
import { createFrameworkScheduler } from '../../schedulers/framework/scheduler.ts';
import { checkProfile } from '../../schedulers/framework/registry.ts';
import type { RegistryContext } from '../../schedulers/registry.ts';
import { ClusterAutoscaler, type NodeGroup } from '../../schedulers/scaling/cluster-autoscaler.ts';
import { AutoscalingController } from '../../schedulers/scaling/controller.ts';
import { autoscalers } from '../../schedulers/scaling/registry.ts';
import { ServiceController } from '../../schedulers/services/controller.ts';
import { JobSchema, type Job } from '../../workloads/job.ts';
import { arrivalsToCurve, azureArrivals } from '../../workloads/services/azure-trace.ts';
import { compileRate, type RateCurve } from '../../workloads/rate-curve.ts';
import type { ServiceSpec } from '../../workloads/services/service.ts';
import type { PoissonSchema, Scenario } from './schema.ts';
import { admittedPolicy, scenarioTenants, type Admission } from './admission.ts';
import { summarizeDynamics } from './summary.ts';

type PoissonStream = z.infer<typeof PoissonSchema>;

export interface BuildOptions {
  seed: number;
  /** Text of a file named in the scenario (request-rate traces, machine events); gzip already undone. */
  readText?: (path: string) => string;
  /** The jobs of `batch.trace`, read by the caller. */
  traceJobs?: readonly Job[];
  /** Check the dynamic invariants after every instant. */
  checkInvariants?: boolean;
  /** Receives every system event (failures, detections, scale events, rollout steps...). */
  eventSink?: (event: SystemEvent) => void;
  /** Receives warnings about inputs (a scheduler configuration's fields accepted but not modelled). */
  warn?: (message: string) => void;
}

export interface BuiltScenario {
  readonly scenario: Scenario;
  readonly cluster: ClusterSpec;
  /** Batch jobs (run times include checkpoint overhead when the recovery policy checkpoints). */
  readonly jobs: Job[];
  readonly controllers: Controller[];
  readonly observers: Observer[];
  readonly startTime: number;
  readonly maxTime: number;
  readonly world: World;
  readonly services: ServiceController | null;
  /** The Kubernetes-style scheduler when `scheduler.kind` is kube (else the batch composition of `scheduler`). */
  readonly policy: ((context: RegistryContext) => SchedulingPolicy) | undefined;
  /** The extra time-series columns; call once and give it to the run's TimeSeries (which then drives the measures). */
  seriesExtension(): SeriesExtension;
  /** The `dynamics` section of summary.json. */
  summary(result: RunResult): Record<string, unknown>;
  /** The `admission` section of summary.json (rejections by tenant and reason), null without tenants. */
  admission(): Record<string, unknown> | null;
}

export function clusterOf(scenario: Scenario): ClusterSpec {
  const nodes: NodeSpec[] = [];
  const resources: string[] = scenario.cluster.resources ? [...scenario.cluster.resources] : [];
  for (const g of scenario.cluster.nodeGroups) {
    if (!scenario.cluster.resources) for (const r of Object.keys(g.capacity)) if (!resources.includes(r)) resources.push(r);
    for (let i = 0; i < g.nodes; i++) nodes.push({ id: `${g.name}-${i}`, capacity: g.capacity, labels: nodeLabels(g, i) });
  }
  return { resources, nodes };
}

function nodeLabels(g: Scenario['cluster']['nodeGroups'][number], i: number): Record<string, string> {
  const labels: Record<string, string> = { ...g.labels, [GROUP_LABEL]: g.name };
  const z = g.zones.length;
  const zone = z > 0 ? g.zones[i % z]! : '';
  if (zone) labels[ZONE_LABEL] = zone;
  labels[RACK_LABEL] = `${zone ? `${zone}-` : ''}rack${Math.floor(i / Math.max(1, z)) % g.racksPerZone}`;
  return labels;
}

/** Resolves a `trace` request rate into a curve. */
function curveOf(spec: ServiceSpec, readText: BuildOptions['readText']): RateCurve {
  const rate = spec.requestRate;
  if ('file' in rate) {
    if (!readText) throw new Error(`service ${spec.name}: its request rate is read from ${rate.file}, but files cannot be read here`);
    return arrivalsToCurve(azureArrivals(readText(rate.file), rate.file), rate.step, { scale: rate.scale, repeat: rate.repeat });
  }
  return rate;
}

function batchJobs(scenario: Scenario, rng: Rng, options: BuildOptions): Job[] {
  const b = scenario.batch;
  if (!b) return [];
  if (b.jobs) return b.jobs;
  if (b.trace) return [...(options.traceJobs ?? [])];
  if (!b.poisson) return [];
  if (!Array.isArray(b.poisson)) return poissonJobs(b.poisson, rng.stream('arrivals'), rng.stream('runtimes'), 'b');
  // Several streams (a tenant each, say), each with streams of its own, merged by submit time (stable).
  const jobs: Job[] = [];
  b.poisson.forEach((p, k) => {
    for (const j of poissonJobs(p, rng.stream(`arrivals:${k}`), rng.stream(`runtimes:${k}`), `b${k}-`)) jobs.push(j);
  });
  return jobs.sort((x, y) => x.submit - y.submit);
}

function poissonJobs(p: PoissonStream, arrivals: () => number, runtimes: () => number, prefix: string): Job[] {
  const jobs: Job[] = [];
  const interarrival = exponentialSampler({ mean: p.meanInterarrival });
  let t = p.start;
  for (let i = 0; i < p.count; i++) {
    t += interarrival(arrivals);
    const runtime = Math.max(1, sample(p.runtime, runtimes));
    const owner = { ...(p.tenant ? { tenant: p.tenant } : {}), ...(p.priorityClass ? { priorityClass: p.priorityClass } : {}) };
    jobs.push(JobSchema.parse({ id: `${prefix}${i}`, submit: t, tasks: p.tasks, request: p.request, runtime, estimate: runtime * p.estimateFactor, ...owner }));
  }
  return jobs;
}

/** The node groups as the cluster autoscaler and the World see them (a fixed group's min and max are its size). */
function nodeGroupsOf(scenario: Scenario): NodeGroup[] {
  return scenario.cluster.nodeGroups.map((g) => ({
    name: g.name,
    capacity: g.capacity,
    labels: g.labels,
    zones: g.zones,
    racksPerZone: g.racksPerZone,
    min: g.min ?? g.nodes,
    max: g.max ?? g.nodes,
    costPerHour: g.costPerHour,
    provisioningDelay: g.provisioningDelay,
    priority: g.priority,
  }));
}

/** The service controller with the autoscaling and deployment controllers over it (none without services), in the order they act. */
function serviceControllers(scenario: Scenario, world: World, rng: Rng, options: BuildOptions): { services: ServiceController | null; controllers: Controller[] } {
  if (scenario.services.length === 0) return { services: null, controllers: [] };
  const interval = scenario.discovery.metricsInterval;
  // Only autoscalers read the metric samples: without one, no sampling timer (a long availability run
  // would otherwise spend almost all its events on samples nobody reads). The request model keeps the
  // interval as its resolution either way (ServiceController.settle).
  const sampled = scenario.services.some((svc) => svc.autoscaler !== undefined);
  const services = new ServiceController({
    world,
    services: scenario.services.map((svc) => ({
      spec: svc,
      curve: compileRate(curveOf(svc, options.readText), { random: rng.stream(`bursts:${svc.name}`), horizon: scenario.horizon }),
    })),
    propagationDelay: scenario.discovery.propagationDelay,
    metricsInterval: interval,
    sample: sampled,
    keepSamples: Math.ceil(1800 / interval) + 4,
    perServiceColumns: scenario.output.serviceColumns,
  });
  const controllers: Controller[] = [services];
  const scaled = scenario.services.flatMap((svc, i) => (svc.autoscaler ? [{ service: services.services[i]!, scaler: autoscalers.build(svc.autoscaler, undefined) }] : []));
  if (scaled.length > 0) controllers.push(new AutoscalingController(services, scaled));
  const triggers = scenario.services.flatMap((svc, i) =>
    svc.deployment
      ? [{ service: services.services[i]!, strategy: deploymentStrategies.build(svc.deployment.strategy, undefined), at: svc.deployment.at, onConfigChange: svc.deployment.onConfigChange, errorRate: svc.deployment.errorRate }]
      : [],
  );
  if (triggers.length > 0) controllers.push(new DeploymentController(services, world, triggers));
  return { services, controllers };
}

interface KubeConfig {
  sched: Extract<Scenario['scheduler'], { kind: 'kube' }>;
  profiles: ReturnType<typeof parseSchedulerConfig>['profiles'];
  objects: ReturnType<typeof parseObjects>;
}

/** The Kubernetes-style scheduler's configuration, read and checked now (errors name the file, before the run). */
function readKubeConfig(sched: KubeConfig['sched'], options: BuildOptions): KubeConfig {
  if (sched.config && !options.readText) throw new Error(`the scheduler configuration ${sched.config} cannot be read here`);
  const config = sched.config ? parseSchedulerConfig(options.readText!(sched.config), sched.config) : { profiles: [defaultProfile()], objects: [], warnings: [] };
  const objects = parseObjects(config.objects, sched.config ?? '<default profile>');
  for (const profile of config.profiles) checkProfile(profile, objects);
  for (const w of config.warnings) options.warn?.(`${sched.config}: ${w}`);
  return { sched, profiles: config.profiles, objects };
}

function kubePolicy({ sched, profiles, objects }: KubeConfig, admission: Admission | null): NonNullable<BuiltScenario['policy']> {
  // Tenants' quotas are ResourceQuota objects: the ResourceQuota plugin holds pods over them.
  admission?.addQuotas(objects);
  return (context) => createFrameworkScheduler({ profiles, objects, random: context.rng.stream('scheduler-tiebreak'), unschedulable: sched.unschedulable });
}

/** The scheduler: Kubernetes-style or (undefined) the batch composition of `scheduler`, behind the tenants' admission step when there are tenants. */
function scenarioPolicy(scenario: Scenario, kube: KubeConfig | null, admission: Admission | null): BuiltScenario['policy'] {
  const sched = scenario.scheduler;
  const policy = kube ? kubePolicy(kube, admission) : sched.kind === 'batch' ? admission?.batchPolicy(sched) : undefined;
  return admission ? admission.wrap(policy!) : policy;
}

export function buildScenario(scenario: Scenario, options: BuildOptions): BuiltScenario {
  const rng = new Rng(options.seed);
  const cluster = clusterOf(scenario);
  const groups = nodeGroupsOf(scenario);
  const world = new World({
    health: scenario.health,
    phase: rng.stream('heartbeat'),
    groups: new Map(groups.map((g) => [g.name, { costPerHour: g.costPerHour }])),
    desiredConfig: scenario.config?.initialVersion ?? 1,
    horizon: scenario.horizon,
  });
  const recoveryPolicy = recoveryPolicies.build(scenario.recovery, undefined);
  const recovery = new RecoveryController(world, recoveryPolicy);
  const inflated = batchJobs(scenario, rng, options).map((j) => {
    const runtime = recoveryPolicy.inflate(j.runtime);
    return runtime === j.runtime ? j : { ...j, runtime, estimate: recoveryPolicy.inflate(j.estimate) };
  });
  const kube = scenario.scheduler.kind === 'kube' ? readKubeConfig(scenario.scheduler, options) : null;
  // Tenants (the scenario's, and namespaces with a LimitRange object): one admission step before any scheduler sees the jobs.
  const tenants = scenarioTenants(scenario, kube?.objects.limitRanges, kube?.sched.config);
  const admission: Admission | null = scenario.tenants || tenants.length > 0 ? admittedPolicy(scenario, tenants, inflated) : null;
  const jobs = admission ? admission.plan.jobs : inflated;
  const { services, controllers: serviceSide } = serviceControllers(scenario, world, rng, options);
  const controllers: Controller[] = [world, recovery, ...serviceSide];
  let ca: ClusterAutoscaler | null = null;
  if (scenario.clusterAutoscaler) {
    ca = new ClusterAutoscaler(world, groups, scenario.clusterAutoscaler, rng.stream('expander'));
    controllers.push(ca);
  }
  let config: ConfigController | null = null;
  if (scenario.config) {
    const c = scenario.config;
    config = new ConfigController(world, rng, { driftRate: c.driftRate, applyTime: c.applyTime, drain: c.drain, drainTimeout: c.drainTimeout, changes: c.changes }, reconcilePolicies.build(c.reconcile, undefined));
    controllers.push(config);
  }
  for (const g of scenario.cluster.nodeGroups) {
    if (g.spares) controllers.push(new SparePool(world, g, g.spares, (j) => ({ id: `${g.name}-spare-${j}`, capacity: g.capacity, labels: nodeLabels(g, g.nodes + j) })));
  }
  for (const f of scenario.failures) controllers.push(failurePolicies.build(f, { world, rng, horizon: scenario.horizon, readText: options.readText }));
  const nodeMeter = new NodeMeter(world, cluster.resources!, { config: config !== null });
  // Constant request rates: nothing the meters see changes between events (a long availability run's
  // buckets are then integrated per stretch between failures, not one by one).
  const steady = scenario.services.every((svc) => svc.requestRate.kind === 'constant');
  const recorder = new DynamicsRecorder(scenario.sampleStep, [nodeMeter, ...(services ? [services] : [])], options.eventSink, steady);
  const observers: Observer[] = [recorder];
  if (options.checkInvariants) observers.push(new DynamicInvariants(world, recovery, services));
  const policy = scenarioPolicy(scenario, kube, admission);
  return {
    scenario,
    cluster,
    jobs,
    policy,
    controllers,
    observers,
    startTime: 0,
    maxTime: scenario.horizon,
    world,
    services,
    seriesExtension: () => recorder.extension(),
    summary: (result) => summarizeDynamics({ scenario, result, world, nodeMeter, recovery, services, ca, config }),
    admission: () => admission?.log?.summary() ?? null,
  };
}
