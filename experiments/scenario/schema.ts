/**
 * The scenario file: a cluster that changes (services, autoscalers, failures,
 * recovery, rollouts, configuration drift) described as data, validated by zod
 * with errors that name the path of the bad field. Scenario studies
 * (experiments/study/scenario-study.ts) validate each variant's merged scenario
 * against ScenarioSchema before anything runs; buildScenario (build.ts) turns a
 * parsed scenario and a seed into the controllers of one run. docs/dynamics.md,
 * "Scenarios" documents every field with an example.
 */
import { z } from 'zod';
import { ClusterAutoscalerSchema } from '../../schedulers/scaling/cluster-autoscaler.ts';
import { autoscalers } from '../../schedulers/scaling/registry.ts';
import { deploymentStrategies } from '../../schedulers/deployment/registry.ts';
import { failurePolicies } from '../../schedulers/failures/registry.ts';
import { LifetimeSchema } from '../../workloads/distributions/lifetime.ts';
import { recoveryPolicies } from '../../schedulers/recovery/registry.ts';
import { reconcilePolicies } from '../../schedulers/config/registry.ts';
import { JobSchema } from '../../workloads/job.ts';
import { TenantSchema } from '../../schedulers/admission/tenant.ts';
import { tenantProblems } from './tenants.ts';
import { ServiceSpecSchema } from '../../workloads/services/service.ts';

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'must start with a letter and hold only letters, digits, ".", "_" and "-"');
const seconds = z.number().nonnegative().finite();

export const NodeGroupSchema = z.strictObject({
  name,
  /** Nodes at the start. */
  nodes: z.number().int().nonnegative(),
  /** Capacity of each node (cpu cores, memory MiB, gpu...). */
  capacity: z.record(z.string().min(1), z.number().nonnegative().finite()),
  labels: z.record(z.string(), z.string()).default({}),
  /** Zones the nodes are spread over, round-robin (label topology.kubernetes.io/zone). */
  zones: z.array(z.string().min(1)).default([]),
  /** Racks per zone (label clusterlab/rack = <zone>-rack<k>). */
  racksPerZone: z.number().int().positive().default(1),
  /** Cluster autoscaler bounds (default: the initial count, i.e. not autoscaled). */
  min: z.number().int().nonnegative().optional(),
  max: z.number().int().nonnegative().optional(),
  costPerHour: z.number().nonnegative().finite().default(0),
  provisioningDelay: seconds.default(120),
  /** For the priority expander: larger is preferred. */
  priority: z.number().finite().default(0),
  /** Spare nodes that join when a node of the group fails and leave when it is back (schedulers/failures/spares.ts). */
  spares: z.number().int().nonnegative().optional(),
});

export const PoissonSchema = z.strictObject({
  count: z.number().int().positive(),
  meanInterarrival: z.number().positive(),
  start: seconds.default(0),
  runtime: LifetimeSchema,
  tasks: z.number().int().positive().default(1),
  request: z.record(z.string().min(1), z.number().nonnegative().finite()),
  /** estimate = runtime × estimateFactor (perfect estimates by default). */
  estimateFactor: z.number().min(1).default(1),
  /** The jobs' tenant and priority class (tenants and admission). */
  tenant: z.string().min(1).optional(),
  priorityClass: z.string().min(1).optional(),
});

export const BatchSchema = z
  .strictObject({
    /** A workload file (SWF or canonical JSON Lines), relative to the scenario file. */
    trace: z.string().min(1).optional(),
    /** Canonical jobs written inline. */
    jobs: z.array(JobSchema).optional(),
    /** Poisson arrivals of jobs with run times from a distribution (streams `arrivals` and `runtimes`). */
    /** One stream, or a list of streams (one per tenant, say) merged by submit time. */
    poisson: z.union([PoissonSchema, z.array(PoissonSchema).min(1)]).optional(),
  })
  .refine((b) => [b.trace, b.jobs, b.poisson].filter((x) => x !== undefined).length <= 1, { message: 'give at most one of trace, jobs, poisson' });

export const DeploymentSchema = z.strictObject({
  strategy: deploymentStrategies.schema(),
  /** Times at which a rollout to the next version starts. */
  at: z.array(seconds).default([]),
  /** Roll out whenever the desired cluster configuration changes. */
  onConfigChange: z.boolean().default(false),
  /** Fraction of requests each new version fails by itself (a bad release). */
  errorRate: z.number().min(0).max(1).default(0),
});

export const ScenarioServiceSchema = ServiceSpecSchema.extend({
  autoscaler: autoscalers.schema().optional(),
  deployment: DeploymentSchema.optional(),
});

export const ConfigSchema = z.strictObject({
  initialVersion: z.number().int().nonnegative().default(1),
  /** Drift events per node-hour. */
  driftRate: z.number().nonnegative().finite().default(0),
  applyTime: seconds.default(60),
  drain: z.boolean().default(false),
  drainTimeout: seconds.default(600),
  changes: z.array(z.strictObject({ at: seconds, version: z.number().int().nonnegative() })).default([]),
  reconcile: reconcilePolicies.schema(),
});

export const HealthSchema = z
  .strictObject({
    heartbeatInterval: seconds.default(10),
    timeout: seconds.default(40),
    monitorPeriod: seconds.default(5),
    evictionTimeout: seconds.default(300),
  })
  .default({ heartbeatInterval: 10, timeout: 40, monitorPeriod: 5, evictionTimeout: 300 });

const scenarioFields = {
  name,
  description: z.string().default(''),
  /** Simulated seconds: the run stops here (services never end by themselves). */
  horizon: z.number().positive().finite(),
  /** Time-series bucket, seconds. */
  sampleStep: z.number().positive().finite().default(3600),
  seed: z.number().int().nonnegative().default(1),
  /**
   * The scheduler that places batch jobs and replicas: the batch composition
   * (`kind: batch`, queue + backfill + placement) or the Kubernetes-style
   * scheduler (`kind: kube`, default profile, or a KubeSchedulerConfiguration
   * file). `unschedulable: wait` (the default here): what does not fit waits,
   * since autoscalers and repairs change the capacity.
   */
  scheduler: z
    .preprocess(
      (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('kind' in v) ? { kind: 'batch', ...v } : v),
      z.discriminatedUnion('kind', [
        z.strictObject({
        kind: z.literal('batch'),
        queue: z.string().default('fcfs'),
        backfill: z.string().default('easy'),
        placement: z.string().default('first-fit'),
        unschedulable: z.enum(['auto', 'wait', 'reject']).default('wait'),
      }),
      z.strictObject({ kind: z.literal('kube'), config: z.string().min(1).optional(), unschedulable: z.enum(['auto', 'wait', 'reject']).default('wait') }),
      ]),
    )
    .default({ kind: 'batch', queue: 'fcfs', backfill: 'easy', placement: 'first-fit', unschedulable: 'wait' }),
  cluster: z.strictObject({
    resources: z.array(z.string().min(1)).optional(),
    nodeGroups: z.array(NodeGroupSchema).min(1),
    /** The node label whose values are the node pools tenants are given (default clusterlab/node-group: one pool per group). */
    poolLabel: z.string().min(1).optional(),
  }),
  batch: BatchSchema.optional(),
  /** Tenants and what each may use, enforced by one admission step before scheduling (schedulers/admission/). */
  tenants: z.array(TenantSchema).optional(),
  services: z.array(ScenarioServiceSchema).default([]),
  discovery: z
    .strictObject({ propagationDelay: seconds.default(2), metricsInterval: z.number().positive().default(15) })
    .default({ propagationDelay: 2, metricsInterval: 15 }),
  health: HealthSchema,
  failures: z.array(failurePolicies.schema()).default([]),
  recovery: recoveryPolicies.schema().default({ policy: 'reschedule' } as never),
  clusterAutoscaler: ClusterAutoscalerSchema.optional(),
  config: ConfigSchema.optional(),
  output: z
    .strictObject({
      /** Per-service time-series columns (default: when there are at most 20 services). */
      serviceColumns: z.boolean().optional(),
    })
    .default({}),
};

/** One scenario (after variants are applied). */
export const ScenarioSchema = z.strictObject(scenarioFields).superRefine((s, ctx) => {
  const names = new Set<string>();
  s.cluster.nodeGroups.forEach((g, i) => {
    if (names.has(g.name)) ctx.addIssue({ code: 'custom', message: `duplicate node group ${g.name}`, path: ['cluster', 'nodeGroups', i, 'name'] });
    names.add(g.name);
    const min = g.min ?? g.nodes;
    const max = g.max ?? g.nodes;
    if (min > max) ctx.addIssue({ code: 'custom', message: `min ${min} is above max ${max}`, path: ['cluster', 'nodeGroups', i, 'min'] });
    if (g.nodes < min || g.nodes > max) ctx.addIssue({ code: 'custom', message: `the initial ${g.nodes} nodes are outside [min, max] = [${min}, ${max}]`, path: ['cluster', 'nodeGroups', i, 'nodes'] });
    if (g.spares && min !== max) ctx.addIssue({ code: 'custom', message: 'spares need a group the cluster autoscaler does not scale (min = max)', path: ['cluster', 'nodeGroups', i, 'spares'] });
  });
  for (const p of tenantProblems(s)) ctx.addIssue({ code: 'custom', ...p });
  const services = new Set<string>();
  s.services.forEach((svc, i) => {
    if (services.has(svc.name)) ctx.addIssue({ code: 'custom', message: `duplicate service ${svc.name}`, path: ['services', i, 'name'] });
    services.add(svc.name);
    if (svc.deployment?.onConfigChange && !s.config) ctx.addIssue({ code: 'custom', message: 'onConfigChange needs a config section', path: ['services', i, 'deployment', 'onConfigChange'] });
  });
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/**
 * A scenario file: a scenario, plus optional `variants`, each a name and
 * fields that replace the scenario's (objects merged key by key, lists of
 * named objects item by item by name, other lists and values replaced), for
 * policies compared on the same cluster, load and failures (the same seed
 * gives every variant the same random draws).
 */
export const ScenarioFileSchema = z.looseObject({
  variants: z.array(z.looseObject({ name })).default([]),
});
