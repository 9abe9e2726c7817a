/**
 * The canonical job: every trace format and every generator produces these.
 * The schema is written once, here; docs/traces.md documents it and the engine
 * consumes it (it satisfies sim/jobs.ts SimJob).
 */
import { z } from 'zod';
import type { SimJob } from '../sim/jobs.ts';
import { PodResourcesSchema } from './pod-resources.ts';
import { BasicRateCurveSchema } from './rate-curve.ts';

const seconds = z.number().finite();

export const DependencySchema = z.object({
  /** Id of the job this one waits for. */
  job: z.string().min(1),
  /** Seconds after that job ends before this one is submitted (SWF "think time"); 0 when unknown. */
  thinkTime: z.number().finite().nonnegative(),
});

/** A Kubernetes toleration (pods), as in the Pod spec. */
export const TolerationSchema = z.object({
  key: z.string().optional(),
  // Upstream reads an empty operator as Equal.
  operator: z.enum(['Equal', 'Exists', '']).default('Equal').transform((op) => op || 'Equal'),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().optional(),
});

/**
 * Where a job may run, for the orchestration policies. Kubernetes fields keep
 * their Pod spec names and shapes (affinity and topology spread constraints are
 * the upstream objects, validated by the plugins that read them).
 */
export const ConstraintsSchema = z.object({
  nodeName: z.string().optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z.array(TolerationSchema).optional(),
  /** Kubernetes `affinity`: nodeAffinity, podAffinity, podAntiAffinity. */
  affinity: z.record(z.string(), z.unknown()).optional(),
  topologySpreadConstraints: z.array(z.record(z.string(), z.unknown())).optional(),
  /** GPU models the job accepts (e.g. openb `gpu_spec`); any when absent. */
  gpuModels: z.array(z.string()).optional(),
  /**
   * Kubernetes `spec.schedulerName`: the KubeSchedulerConfiguration profile
   * that schedules the pod; `default-scheduler` when absent, as the API server
   * defaults it.
   */
  schedulerName: z.string().min(1).optional(),
});

/** All-or-nothing group: at least `minMember` jobs of the gang start together, or none. */
export const GangSchema = z.object({
  name: z.string().min(1),
  minMember: z.number().int().positive(),
  /** Seconds a partial gang may wait before its members are rejected; none when absent. */
  timeout: z.number().positive().optional(),
});

/** Seconds, positive; Infinity (written null in JSON) means "runs until the simulation ends" (services, long-running pods). */
const duration = z.preprocess((v) => (v === null ? Infinity : v), z.union([z.number().positive(), z.literal(Infinity)]));

export const JobSchema = z.object({
  /** Identifier as in the trace (SWF job number, Google job id...). */
  id: z.string().min(1),
  /** Submit time in seconds from the start of the trace. */
  submit: seconds,
  /** Number of tasks: processors of an HPC job, instances or pods of others. */
  tasks: z.number().int().positive(),
  /**
   * Request of each task by resource name. Units, everywhere in clusterlab:
   * cpu in processors or cores (fractions allowed: 0.1 = 100m), memory in MiB,
   * gpu in GPUs (fractions allowed for shared GPUs), other names as the trace has them.
   */
  request: z.record(z.string().min(1), z.number().finite().nonnegative()),
  /** Actual run time in seconds, as measured in the trace; Infinity (null in JSON) for work that never ends by itself. */
  runtime: duration,
  /** The user's runtime estimate (requested walltime) in seconds, as the scheduler sees it; Infinity when unbounded. */
  estimate: duration,
  /** Larger is more important; 0 by default. */
  priority: z.number().finite().default(0),
  user: z.string().nullable().default(null),
  group: z.string().nullable().default(null),
  /** Queue or partition name in the log, if any. */
  queue: z.string().nullable().default(null),
  dependencies: z.array(DependencySchema).default([]),
  /** The job's final status in the log (completed, failed, cancelled...), if known. */
  logStatus: z.string().nullable().default(null),
  /** The wait the job had in the log, if known (for comparing a simulation with what happened). */
  logWait: z.number().finite().nullable().default(null),
  /** What the record is: a batch job (when absent), a Kubernetes pod, or a service replica set. */
  kind: z.enum(['job', 'pod', 'service']).optional(),
  /** Labels of the job or pod (pod affinity and topology spread match on them). */
  labels: z.record(z.string(), z.string()).optional(),
  /** Tenant, namespace or virtual cluster, for quotas and fair share. */
  tenant: z.string().optional(),
  /** Kubernetes priority class name; its value goes in `priority`. */
  priorityClass: z.string().optional(),
  constraints: ConstraintsSchema.optional(),
  gang: GangSchema.optional(),
  /**
   * How a task's GPU request lies on devices (GPU sharing): `count` GPUs with
   * `milli` thousandths of each (openb's num_gpu and gpu_milli). The scalar
   * `request.gpu` is then count × milli / 1000, in GPUs.
   */
  gpu: z.object({ count: z.number().int().nonnegative(), milli: z.number().int().min(1).max(1000) }).optional(),
  /**
   * Services: the request rate to serve over time, requests per second
   * (workloads/rate-curve.ts; read with `compileRate`). Data for the dynamics
   * policies; the engine itself does not use it.
   */
  requestRate: BasicRateCurveSchema.optional(),
  /**
   * Kubernetes pods: the requests of each container, init container and the
   * overhead (workloads/pod-resources.ts), kept when the pod has more than one
   * container, an init container or an overhead, for the rules that depend on
   * which container left a request unset (the scheduler's non-zero requests).
   * `request` stays the pod's effective request (what fits and is allocated).
   */
  pod: PodResourcesSchema.optional(),
});

export type Job = z.infer<typeof JobSchema>;
export type JobInput = z.input<typeof JobSchema>;

// The canonical job is what the engine runs.
export type _JobIsSimJob = Job extends SimJob ? true : never;
const _check: _JobIsSimJob = true;
void _check;
