/**
 * A long-running service, the one schema of the concept, in two uses:
 * - a scenario's service (`ServiceSpecSchema`): replicas of one pod template,
 *   each a job of one task that never ends by itself (runtime Infinity),
 *   created and stopped by the service controller; the fields of the request
 *   model are documented in docs/dynamics.md "Services";
 * - a generated workload's service (`ServiceJobSpecSchema`, docs/workloads.md):
 *   the same name, request and priority, as one job of `kind: service` whose
 *   tasks are the replicas, all started at `submit`, carrying its basic rate
 *   curve as data (`serviceJob`).
 */
import { z } from 'zod';
import type { Job } from '../job.ts';
import { BasicRateCurveSchema, RateCurveSchema } from '../rate-curve.ts';

const positive = z.number().positive().finite();
const seconds = z.number().nonnegative().finite();

/** A request-rate curve, or one to be read from an Azure LLM inference trace (arrivals per `step` seconds). */
export const RequestRateSchema = z.union([
  RateCurveSchema,
  z.strictObject({
    kind: z.literal('trace'),
    file: z.string().min(1),
    format: z.literal('azure-llm').default('azure-llm'),
    step: positive.default(60),
    scale: z.number().nonnegative().finite().default(1),
    repeat: z.boolean().default(true),
  }),
]);

export const SloSchema = z.strictObject({
  /** Mean response time objective, seconds. */
  latency: positive.default(0.5),
  /** Fraction of requests that must succeed (not failed, not dropped). */
  successRatio: z.number().min(0).max(1).default(0.999),
});

export const ServiceSpecSchema = z.strictObject({
  /** Becomes the job id (of the replicas' jobs): starts with a letter, so it never collides with the numbered batch jobs. */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'must start with a letter and hold only letters, digits, ".", "_" and "-"'),
  /** Initial desired replicas (spec.replicas). */
  replicas: z.number().int().nonnegative(),
  /** Request of one replica, by resource (cpu cores, memory MiB...). */
  request: z.record(z.string().min(1), z.number().nonnegative().finite()),
  /** Seconds from a replica's start until it is ready (readiness probe passing). */
  readinessDelay: seconds.default(10),
  /** Requests per second one replica serves (the service rate μ of the queue). */
  capacity: positive,
  /** Requests that may wait per replica (the queue holds c × queueLimit); more are dropped. */
  queueLimit: z.number().int().nonnegative().default(50),
  requestRate: RequestRateSchema,
  /** Ready replicas required for the service to count as available (default 1). */
  minAvailable: z.number().int().nonnegative().default(1),
  slo: SloSchema.default({ latency: 0.5, successRatio: 0.999 }),
  /** Fraction of requests the current version fails by itself (a bad release has more). */
  errorRate: z.number().min(0).max(1).default(0),
  priority: z.number().finite().default(0),
});

export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;
export type ServiceSpecInput = z.input<typeof ServiceSpecSchema>;

/** A service in a workload generator spec: one job, no controller (so no capacity, readiness or SLO). */
export const ServiceJobSpecSchema = z.strictObject({
  name: ServiceSpecSchema.shape.name,
  /** Tasks of the job: the replicas, all started together. */
  replicas: z.number().int().positive(),
  request: ServiceSpecSchema.shape.request,
  /** Seconds from the start of the workload. */
  submit: seconds.default(0),
  requestRate: BasicRateCurveSchema,
  priority: ServiceSpecSchema.shape.priority,
  user: z.string().nullable().default(null),
  tenant: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export type ServiceJobSpec = z.infer<typeof ServiceJobSpecSchema>;

/** The job of a generated service: runtime and estimate Infinity, the curve kept for the dynamics policies to read. */
export function serviceJob(spec: ServiceJobSpec): Job {
  const job: Job = {
    id: spec.name,
    submit: spec.submit,
    tasks: spec.replicas,
    request: { ...spec.request },
    runtime: Infinity,
    estimate: Infinity,
    priority: spec.priority,
    user: spec.user,
    group: null,
    queue: null,
    dependencies: [],
    logStatus: null,
    logWait: null,
    kind: 'service',
    requestRate: spec.requestRate,
  };
  if (spec.tenant !== undefined) job.tenant = spec.tenant;
  if (spec.labels !== undefined) job.labels = { ...spec.labels };
  return job;
}
